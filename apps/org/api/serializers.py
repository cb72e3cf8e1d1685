from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.fields import PositionField
from core.phones import display_phone, normalize_phone
from core.scopes import DataScope

from .. import access
from ..choices import EmployeeStatus
from ..models import Employee, OrgUnit, Position, Region, Role


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "provinces", "cities"]


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "code", "name", "name_en"]


class OrgUnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "name_en", "kind", "kind_label", "parent", "region", "head", "path", "depth",
                  "sort_order", "is_active"]
        read_only_fields = ["path"]


class OrgUnitWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=60, required=False)
    name = serializers.CharField(max_length=100, required=False)
    name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=OrgUnit._meta.get_field("kind").choices, required=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    sort_order = PositionField(required=False)
    is_active = serializers.BooleanField(required=False)


class RoleSerializer(serializers.ModelSerializer):
    data_scope_label = serializers.CharField(source="get_data_scope_display", read_only=True)
    permissions = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Role
        fields = ["id", "code", "name", "name_en", "data_scope", "data_scope_label", "description", "permissions",
                  "member_count"]

    def get_permissions(self, role) -> list[str]:
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in role.group.permissions.all())


class RoleWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    name_en = serializers.CharField(max_length=100, required=False)
    data_scope = serializers.ChoiceField(choices=DataScope.choices, required=False)
    permissions = serializers.ListField(child=serializers.CharField(), required=False)

    def validate_permissions(self, names):
        perms = []
        for name in names:
            app_label, _dot, codename = name.partition(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                raise serializers.ValidationError(_("Unknown permission: %(name)s") % {"name": name})
            perms.append(perm)
        return perms


class EmployeeSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    is_active = serializers.BooleanField(source="user.is_active", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.display_name", read_only=True)
    position_name = serializers.CharField(source="position.display_name", read_only=True, default="")
    manager_name = serializers.CharField(source="manager.name", read_only=True, default="")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    roles = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = ["id", "employee_no", "username", "name", "email", "org_unit", "org_unit_name", "position",
                  "position_name", "manager", "manager_name", "phone", "level", "hire_date", "status",
                  "status_label", "left_on", "is_active", "roles", "data_scope_override", "created_at", "updated_at"]

    def get_roles(self, employee) -> list[str]:
        return sorted(g.role.code for g in employee.user.groups.all() if hasattr(g, "role"))

    def get_phone(self, employee) -> str:
        return display_phone(employee.phone, full=access.can_view_full_phone(self.context["request"].user))


class _EmployeeFieldsMixin(serializers.Serializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # absent while the OpenAPI schema is generated
            self.fields["manager"].queryset = access.employees_visible_to(request.user)
            self.fields["org_unit"].queryset = access.org_units_visible_to(request.user).filter(is_active=True)

    def validate_phone(self, value):
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def validate_roles(self, codes):
        known = set(Role.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise serializers.ValidationError(_("Unknown role codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return codes


class EmployeeCreateSerializer(_EmployeeFieldsMixin):
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    name = serializers.CharField(max_length=60)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.filter(is_active=True))
    roles = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    manager = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False, allow_null=True)
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), required=False, allow_null=True)
    level = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    hire_date = serializers.DateField(required=False, allow_null=True)
    employee_no = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=[EmployeeStatus.PROBATION, EmployeeStatus.ACTIVE], required=False,
                                     default=EmployeeStatus.PROBATION)


class EmployeeUpdateSerializer(_EmployeeFieldsMixin):
    name = serializers.CharField(max_length=60, required=False)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.filter(is_active=True), required=False)
    roles = serializers.ListField(child=serializers.CharField(), required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    manager = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False, allow_null=True)
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), required=False, allow_null=True)
    level = serializers.CharField(max_length=20, required=False, allow_blank=True)
    hire_date = serializers.DateField(required=False, allow_null=True)


class OffboardSerializer(serializers.Serializer):
    left_on = serializers.DateField(required=False, allow_null=True)


class ScopeOverrideSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=[("", "—"), *DataScope.choices], allow_blank=True)
    reason = serializers.CharField(max_length=500)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.id")
    username = serializers.CharField(source="user.username")
    name = serializers.SerializerMethodField()
    is_superuser = serializers.BooleanField(source="user.is_superuser")
    employee = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    org_unit = serializers.SerializerMethodField()
    data_scope = serializers.CharField(source="scope")
    data_scope_label = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    def get_name(self, data) -> str:
        return data["employee"].name if data["employee"] else data["user"].get_full_name()

    def get_employee(self, data) -> dict | None:
        e = data["employee"]
        return None if e is None else {"id": e.id, "employee_no": e.employee_no, "status": e.status,
                                       "position": e.position.display_name if e.position else ""}

    def get_roles(self, data) -> list[dict]:
        return [{"code": r.code, "name": r.name, "name_en": r.name_en, "data_scope": r.data_scope}
                for r in data["roles"]]

    def get_org_unit(self, data) -> dict | None:
        e = data["employee"]
        return None if e is None else {"id": e.org_unit.id, "name": e.org_unit.display_name, "kind": e.org_unit.kind}

    def get_data_scope_label(self, data) -> str:
        return str(DataScope(data["scope"]).label)

    def get_permissions(self, data) -> list[str]:
        return sorted(data["user"].get_all_permissions())
