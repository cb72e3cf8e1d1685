from django.urls import path
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each area registers its viewsets here (contract names from issue #4).

# orders, price exceptions, price resolution, payments, receivables (O1)
from . import orders as orders_api  # noqa: E402
from . import receivables as receivables_api  # noqa: E402

router.register("orders", orders_api.OrderViewSet, basename="order")
router.register("price-exceptions", orders_api.PriceExceptionViewSet, basename="price-exception")
router.register("payments", receivables_api.PaymentViewSet, basename="payment")
router.register("ar-documents", receivables_api.ARDocumentViewSet, basename="ar-document")

# shipments, follow-up, branch requests, 窜货 flags (O2)
from . import branch as branch_api  # noqa: E402
from . import flags as flags_api  # noqa: E402
from . import shipments as shipments_api  # noqa: E402

router.register("shipments", shipments_api.ShipmentViewSet, basename="shipment")
router.register("shipment-exceptions", shipments_api.ShipmentExceptionViewSet, basename="shipment-exception")
router.register("branch-requests", branch_api.BranchRequestViewSet, basename="branch-request")
router.register("cross-territory-flags", flags_api.CrossTerritoryFlagViewSet, basename="cross-territory-flag")

# statements, returns, sales plans, rebates (O3)
from . import money as money_api  # noqa: E402

router.register("statements", money_api.StatementViewSet, basename="statement")
router.register("returns", money_api.ReturnViewSet, basename="return")
router.register("sales-plans", money_api.SalesPlanViewSet, basename="sales-plan")
router.register("rebates", money_api.RebateViewSet, basename="rebate")

urlpatterns = [
    path("prices/resolve/", orders_api.PriceResolveView.as_view(), name="price-resolve"),
    *router.urls,
]
