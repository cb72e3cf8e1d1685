from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("partner-applications", views.ApplicationViewSet, basename="partner-application")
router.register("territories", views.TerritoryViewSet, basename="territory")
router.register("partner-scorecards", views.ScorecardViewSet, basename="partner-scorecard")

urlpatterns = router.urls
