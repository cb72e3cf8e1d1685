"""The only writers of organisation data: units, roles, employees."""

import datetime
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core import trees
from core.audit import record_event
from core.models.audit import AuditAction
from core.scopes import DataScope, forget_scope_context

from . import roles as role_data
from . import workflow
from .choices import EmployeeStatus
from .models import Employee, OrgUnit, Position, Region, Role

User = get_user_model()


# -- org units -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_org_unit(*, actor, code: str, name: str, kind: str, parent: OrgUnit | None = None, name_en: str = "",
                    region: Region | None = None, sort_order: int = 0) -> OrgUnit:
    """Add a unit under `parent`; a child inherits its parent's region unless given one."""
    unit = OrgUnit(code=code, name=name, name_en=name_en, kind=kind, parent=parent, sort_order=sort_order,
                   region=region or (parent.region if parent else None), created_by=actor, updated_by=actor)
    unit.full_clean(exclude=["path"])
    trees.save_new_node(unit)
    return unit


@transaction.atomic
def update_org_unit(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    """Rename, re-kind, re-region or move a unit; moving rewrites the paths of its whole subtree."""
    new_parent = changes.pop("parent", unit.parent)
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.updated_by = actor
    trees.move_node(unit, new_parent, cycle_error=_("A unit cannot be moved under itself or its own sub-unit."))
    unit.full_clean(exclude=["path"])
    unit.save()
    return unit


# -- roles ---------------------------------------------------------------------------------------------------


def _collect_grants() -> dict[str, set[str]]:
    """ROLE_GRANTS of every app that ships a roles module, merged."""
    grants: dict[str, set[str]] = {code: set() for code in role_data.ROLE_CODES}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for code, perms in getattr(module, "ROLE_GRANTS", {}).items():
            grants.setdefault(code, set()).update(perms)
    return grants


def _permissions(names: set[str]) -> list[Permission]:
    wanted = {tuple(n.split(".", 1)) for n in names}
    found = list(
        Permission.objects.filter(content_type__app_label__in={a for a, _ in wanted}).select_related("content_type")
    )
    by_name = {(p.content_type.app_label, p.codename): p for p in found}
    missing = sorted(f"{a}.{c}" for a, c in wanted if (a, c) not in by_name)
    if missing:
        raise LookupError(f"Unknown permissions in ROLE_GRANTS: {', '.join(missing)}")
    return [by_name[key] for key in wanted]


@transaction.atomic
def sync_roles(*, actor=None) -> list[Role]:
    """Create or update the shipped roles and their permissions (names and scopes admins changed are kept)."""
    grants = _collect_grants()
    result = []
    for spec in role_data.ROLES:
        group, _created = Group.objects.get_or_create(name=spec.code)
        role, _created = Role.objects.get_or_create(
            code=spec.code,
            defaults={"group": group, "name": spec.name, "name_en": spec.name_en, "data_scope": spec.scope,
                      "created_by": actor},
        )
        group.permissions.add(*_permissions(grants.get(spec.code, set())))
        result.append(role)
    return result


@transaction.atomic
def update_role(*, actor, role: Role, name: str | None = None, name_en: str | None = None,
                data_scope: str | None = None, permissions: list[Permission] | None = None) -> Role:
    """Rename a role, change its data scope or its set of permissions."""
    if name is not None:
        role.name = name
    if name_en is not None:
        role.name_en = name_en
    if data_scope is not None:
        role.data_scope = DataScope(data_scope)
    role.updated_by = actor
    role.save()
    if permissions is not None:
        role.group.permissions.set(permissions)
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"role:{role.code}",
                 data_scope=role.data_scope, permissions=None if permissions is None else len(permissions))
    return role


# -- employees -----------------------------------------------------------------------------------------------


def _roles_by_code(codes) -> list[Role]:
    codes = list(dict.fromkeys(codes or []))
    found = {r.code: r for r in Role.objects.filter(code__in=codes).select_related("group")}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError({"roles": _("Unknown role codes: %(codes)s") % {"codes": ", ".join(unknown)}})
    return [found[c] for c in codes]


def next_employee_no() -> str:
    last = Employee.objects.filter(employee_no__startswith="E").order_by("-employee_no").first()
    number = int(last.employee_no[1:]) + 1 if last and last.employee_no[1:].isdigit() else 1
    return f"E{number:05d}"


@transaction.atomic
def create_employee(*, actor, username: str, name: str, password: str, org_unit: OrgUnit, roles=(),
                    phone: str = "", email: str = "", manager: Employee | None = None,
                    position: Position | None = None, level: str = "", hire_date: datetime.date | None = None,
                    employee_no: str = "", status: str = EmployeeStatus.PROBATION) -> Employee:
    """Create a login and its employee record, with roles; passwords follow the password validators."""
    role_objs = _roles_by_code(roles)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, email=email, first_name=name[:150], is_staff=False)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.is_staff = "system_admin" in {r.code for r in role_objs}
    user.save()
    employee = Employee(
        user=user, employee_no=employee_no or next_employee_no(), name=name, org_unit=org_unit, phone=phone,
        manager=manager, position=position, level=level, hire_date=hire_date or timezone.localdate(),
        status=status, created_by=actor, updated_by=actor,
    )
    employee.full_clean(exclude=["user"])
    employee.save()
    user.groups.set([r.group for r in role_objs])
    return employee


_EDITABLE = {"name", "org_unit", "position", "manager", "phone", "level", "hire_date"}


@transaction.atomic
def update_employee(*, actor, employee: Employee, roles=None, email: str | None = None, **changes) -> Employee:
    """Change an employee's details and, when given, their roles (by code)."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if changes.get("manager") is not None and changes["manager"].pk == employee.pk:
        raise ValidationError({"manager": _("An employee cannot be their own manager.")})
    for field, value in changes.items():
        setattr(employee, field, value)
    employee.updated_by = actor
    employee.full_clean(exclude=["user"])
    employee.save()
    user = employee.user
    if email is not None or "name" in changes:
        user.email = user.email if email is None else email
        user.first_name = employee.name[:150]
        user.save(update_fields=["email", "first_name"])
    if roles is not None:
        role_objs = _roles_by_code(roles)
        user.groups.set([r.group for r in role_objs])
        user.is_staff = "system_admin" in {r.code for r in role_objs}
        user.save(update_fields=["is_staff"])
    forget_scope_context(user)
    return employee


@transaction.atomic
def confirm_employee(*, actor, employee: Employee) -> Employee:
    """End probation (转正)."""
    workflow.transition(employee, EmployeeStatus.ACTIVE)
    employee.updated_by = actor
    employee.save(update_fields=["status", "updated_by", "updated_at"])
    return employee


@transaction.atomic
def offboard_employee(*, actor, employee: Employee, left_on: datetime.date | None = None) -> Employee:
    """Record that someone left: the login is deactivated, the record and its history stay."""
    workflow.transition(employee, EmployeeStatus.LEFT)
    employee.left_on = left_on or timezone.localdate()
    employee.updated_by = actor
    employee.save(update_fields=["status", "left_on", "updated_by", "updated_at"])
    employee.user.is_active = False
    employee.user.save(update_fields=["is_active"])
    Token.objects.filter(user=employee.user).delete()
    return employee


@transaction.atomic
def set_scope_override(*, actor, employee: Employee, scope: str, reason: str) -> Employee:
    """Give one person a data scope other than their roles' (audited, with a reason)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the data-scope override.")})
    before = employee.data_scope_override
    employee.data_scope_override = DataScope(scope) if scope else ""
    employee.updated_by = actor
    employee.save(update_fields=["data_scope_override", "updated_by", "updated_at"])
    record_event(AuditAction.SCOPE_OVERRIDE, actor=actor, target=f"employee:{employee.pk}",
                 before=before, after=employee.data_scope_override, reason=reason)
    forget_scope_context(employee.user)
    return employee
