from rest_framework.routers import SimpleRouter

from . import archive_views

router = SimpleRouter()
router.register("customers", archive_views.CustomerViewSet, basename="customer")

urlpatterns = router.urls
