from django.contrib.auth.models import Group
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..models import Position, Region
from . import serializers as s


class OrgUnitViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Org units (the organisation tree). Staff read all; partner users their own company; admins write."""

    permission_classes = [ModelPermissions]
    serializer_class = s.OrgUnitSerializer
    filterset_fields = ["kind", "parent", "region", "is_active"]
    search_fields = ["name", "name_en", "code"]
    ordering_fields = ["path", "name", "code", "sort_order"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.list_org_units_for(self.request.user)

    @extend_schema(request=s.OrgUnitWriteSerializer, responses={201: s.OrgUnitSerializer})
    def create(self, request, *args, **kwargs):
        data = self._valid(s.OrgUnitWriteSerializer(data=request.data), required=("code", "name", "kind"))
        unit = services.create_org_unit(actor=request.user, **data)
        return Response(s.OrgUnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrgUnitWriteSerializer, responses={200: s.OrgUnitSerializer})
    def partial_update(self, request, *args, **kwargs):
        unit = self.get_object()
        data = self._valid(s.OrgUnitWriteSerializer(data=request.data, partial=True))
        unit = services.update_org_unit(actor=request.user, unit=unit, **data)
        return Response(s.OrgUnitSerializer(unit).data)

    def _valid(self, serializer, required=()):
        serializer.is_valid(raise_exception=True)
        missing = {f: ["This field is required."] for f in required if f not in serializer.validated_data}
        if missing:
            raise ValidationError(missing)
        return serializer.validated_data


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.RegionSerializer
    queryset = Region.objects.all()
    search_fields = ["name", "name_en", "code"]


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.PositionSerializer
    queryset = Position.objects.all()
    search_fields = ["name", "name_en", "code"]


class RoleViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Roles by stable code: `/api/v1/roles/{code}/`."""

    permission_classes = [ModelPermissions]
    serializer_class = s.RoleSerializer
    lookup_field = "code"
    search_fields = ["code", "name", "name_en"]
    filterset_fields = ["data_scope"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.list_roles().prefetch_related("group__permissions__content_type")

    @extend_schema(request=s.RoleWriteSerializer, responses={200: s.RoleSerializer})
    def partial_update(self, request, *args, **kwargs):
        role = self.get_object()
        serializer = s.RoleWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_role(actor=request.user, role=role, **serializer.validated_data)
        return Response(s.RoleSerializer(self.get_queryset().get(pk=role.pk)).data)


class EmployeeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Employees within the caller's data scope; out-of-scope ids answer 404."""

    permission_classes = [ModelPermissions]
    serializer_class = s.EmployeeSerializer
    filterset_fields = {"org_unit": ["exact"], "status": ["exact"], "position": ["exact"], "manager": ["exact"],
                        "hire_date": ["gte", "lte"], "created_at": ["gte", "lte"]}
    search_fields = ["name", "employee_no", "user__username", "phone"]
    ordering_fields = ["employee_no", "name", "hire_date", "created_at"]
    ordering = ["employee_no"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.employees_visible_to(self.request.user).select_related(
            "user", "org_unit", "position", "manager"
        ).prefetch_related(Prefetch("user__groups", queryset=Group.objects.select_related("role")))

    @extend_schema(request=s.EmployeeCreateSerializer, responses={201: s.EmployeeSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.EmployeeCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        employee = services.create_employee(actor=request.user, **serializer.validated_data)
        return Response(self._out(employee), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EmployeeUpdateSerializer, responses={200: s.EmployeeSerializer})
    def partial_update(self, request, *args, **kwargs):
        employee = self.get_object()
        serializer = s.EmployeeUpdateSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.update_employee(actor=request.user, employee=employee, **serializer.validated_data)
        return Response(self._out(employee))

    @extend_schema(request=None, responses={200: s.EmployeeSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("org.manage_org")])
    def confirm(self, request, pk=None):
        """End probation (转正)."""
        employee = self.get_object()
        services.confirm_employee(actor=request.user, employee=employee)
        return Response(self._out(employee))

    @extend_schema(request=s.OffboardSerializer, responses={200: s.EmployeeSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("org.manage_org")])
    def offboard(self, request, pk=None):
        """Record that the employee left: login deactivated, history kept."""
        employee = self.get_object()
        serializer = s.OffboardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.offboard_employee(actor=request.user, employee=employee, **serializer.validated_data)
        return Response(self._out(employee))

    @extend_schema(request=s.ScopeOverrideSerializer, responses={200: s.EmployeeSerializer})
    @action(detail=True, methods=["post"], url_path="scope-override",
            permission_classes=[require_perm("org.manage_org")])
    def scope_override(self, request, pk=None):
        """Give one person a data scope other than their roles' (audited)."""
        employee = self.get_object()
        serializer = s.ScopeOverrideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_scope_override(actor=request.user, employee=employee, **serializer.validated_data)
        return Response(self._out(employee))

    def _out(self, employee):
        return s.EmployeeSerializer(self.get_queryset().get(pk=employee.pk), context={"request": self.request}).data


class MeView(APIView):
    """The caller: user, roles, org unit and data scope."""

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        profile = selectors.profile_for(request.user)
        return Response(s.MeSerializer({"user": request.user, **profile}).data)

