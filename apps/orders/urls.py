from django.urls import path

from .views import branch as branch_views
from .views import flags as flag_views
from .views import follow_up as follow_up_views
from .views import orders as order_views
from .views import plans as plan_views
from .views import portal as portal_views
from .views import receivables as receivable_views
from .views import returns as return_views
from .views import shipments as shipment_views
from .views import statements as statement_views

app_name = "orders"
urlpatterns = [
    # orders (O1)
    path("", order_views.order_list, name="list"),
    path("new/", order_views.order_create, name="create"),
    path("price-preview/", order_views.price_preview, name="price-preview"),
    path("approvals/", order_views.approvals, name="approvals"),
    path("<int:pk>/", order_views.order_detail, name="detail"),
    path("<int:pk>/edit/", order_views.order_edit, name="edit"),
    path("<int:pk>/do/<slug:verb>/", order_views.order_action, name="action"),
    path("price-exceptions/<int:pk>/<slug:verb>/", order_views.price_exception_decide, name="price-exception"),
    path("payments/", receivable_views.payment_list, name="payments"),
    path("payments/new/", receivable_views.payment_create, name="payment-create"),
    path("receivables/", receivable_views.receivables, name="receivables"),
    path("receivables/<int:customer_pk>/", receivable_views.customer_ledger, name="ledger"),
    # shipments, follow-up, branch requests, cross-territory flags (O2)
    path("shipments/", shipment_views.shipment_list, name="shipments"),
    path("shipments/<int:pk>/", shipment_views.shipment_detail, name="shipment-detail"),
    path("shipments/<int:pk>/<str:verb>/", shipment_views.shipment_action, name="shipment-action"),
    path("<int:order_pk>/ship/", shipment_views.shipment_create, name="shipment-create"),
    path("follow-up/", follow_up_views.follow_up_queue, name="follow-up-queue"),
    path("shipment-exceptions/", follow_up_views.exception_list, name="exceptions"),
    path("shipment-exceptions/<int:pk>/", follow_up_views.exception_detail, name="exception-detail"),
    path("shipment-exceptions/summary/", follow_up_views.exception_summary, name="exception-summary"),
    path("branch-requests/", branch_views.branch_request_list, name="branch-requests"),
    path("branch-requests/collect/", branch_views.branch_request_collect, name="branch-request-collect"),
    path("branch-requests/<int:pk>/", branch_views.branch_request_detail, name="branch-request-detail"),
    path("branch-requests/<int:pk>/<str:verb>/", branch_views.branch_request_action, name="branch-request-action"),
    path("cross-territory/", flag_views.flag_list, name="flags"),
    path("cross-territory/<int:pk>/review/", flag_views.flag_review, name="flag-review"),
    # statements, rebates, returns, plans (O3)
    path("statements/", statement_views.statement_list, name="statements"),
    path("statements/generate/", statement_views.statement_generate, name="statement-generate"),
    path("statements/<int:pk>/", statement_views.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/<str:fmt>/download/", statement_views.statement_download, name="statement-download"),
    path("statements/<int:pk>/<str:verb>/", statement_views.statement_act, name="statement-act"),
    path("returns/", return_views.return_list, name="returns"),
    path("returns/new/", return_views.return_create, name="return-create"),
    path("returns/<int:pk>/", return_views.return_detail, name="return-detail"),
    path("returns/<int:pk>/<str:verb>/", return_views.return_act, name="return-act"),
    path("plans/", plan_views.plan_list, name="plans"),
    path("plans/consolidate/", plan_views.plan_consolidate, name="plan-consolidate"),
    path("plans/attainment/", plan_views.attainment, name="attainment"),
    path("plans/<int:pk>/<str:verb>/", plan_views.plan_act, name="plan-act"),
    path("rebates/", plan_views.rebate_list, name="rebates"),
    path("portal/", plan_views.portal, name="portal"),
    path("portal/catalogue/", portal_views.portal_catalogue, name="portal-catalogue"),
]
