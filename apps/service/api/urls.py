from rest_framework.routers import SimpleRouter

from . import kb, quality, views, visits

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("ticket-categories", views.TicketCategoryViewSet, basename="ticket-category")
router.register("sla-policies", views.SLAPolicyViewSet, basename="sla-policy")
router.register("routing-rules", views.RoutingRuleViewSet, basename="routing-rule")
router.register("kb/articles", kb.ArticleViewSet, basename="kb-article")
router.register("kb/canned-replies", kb.CannedReplyViewSet, basename="kb-canned-reply")
router.register("qa-evaluations", quality.QAEvaluationViewSet, basename="qa-evaluation")
router.register("quality-reports", quality.QualityReportViewSet, basename="quality-report")
router.register("return-visits", visits.ReturnVisitViewSet, basename="return-visit")

urlpatterns = router.urls
