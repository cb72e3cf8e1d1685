from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("ticket-categories", views.TicketCategoryViewSet, basename="ticket-category")
router.register("sla-policies", views.SLAPolicyViewSet, basename="sla-policy")
router.register("routing-rules", views.RoutingRuleViewSet, basename="routing-rule")

urlpatterns = router.urls
