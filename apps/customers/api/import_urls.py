from django.urls import path
from rest_framework.routers import SimpleRouter

from . import import_views, pool_views

router = SimpleRouter()
router.register("customers/imports", import_views.ImportJobViewSet, basename="customer-import")
router.register("customer-pool", pool_views.PoolViewSet, basename="customer-pool")

urlpatterns = [
    path("customers/<int:pk>/release/", pool_views.ReleaseView.as_view(), name="customer-release"),
    *router.urls,
]
