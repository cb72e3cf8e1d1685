from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("org-units", views.OrgUnitViewSet, basename="org-unit")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("roles", views.RoleViewSet, basename="role")
router.register("regions", views.RegionViewSet, basename="region")
router.register("positions", views.PositionViewSet, basename="position")

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
