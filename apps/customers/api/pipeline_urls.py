from rest_framework.routers import SimpleRouter

from . import pipeline_views

router = SimpleRouter()
router.register("activities", pipeline_views.ActivityViewSet, basename="activity")
router.register("visit-plans", pipeline_views.VisitPlanViewSet, basename="visit-plan")
router.register("opportunities", pipeline_views.OpportunityViewSet, basename="opportunity")
router.register("leads", pipeline_views.LeadViewSet, basename="lead")

urlpatterns = router.urls
