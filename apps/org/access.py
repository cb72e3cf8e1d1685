"""Who may see and do what in the organisation; also resolves every user's data-scope context."""

from django.db.models import QuerySet

from core.scopes import DataScope, ScopeContext, restrict, scope_context, widest

from .choices import DEPARTMENT_LIKE, OrgUnitKind
from .models import Employee, OrgUnit


def _employee_of(user) -> Employee | None:
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


def _department_path(unit: OrgUnit) -> str:
    """Path of the nearest department-like ancestor (or the unit itself)."""
    if unit.kind in DEPARTMENT_LIKE:
        return unit.path
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    ancestors = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids).only("id", "kind", "path")}
    for pk in reversed(ids):
        ancestor = ancestors.get(pk)
        if ancestor is not None and ancestor.kind in DEPARTMENT_LIKE:
            return ancestor.path
    return unit.path


def _region_ids(unit: OrgUnit) -> frozenset[int]:
    if unit.region_id:
        return frozenset({unit.region_id})
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    region_ids = OrgUnit.objects.filter(pk__in=ids, region__isnull=False).values_list("region_id", "path")
    nearest = max(region_ids, key=lambda pair: len(pair[1]), default=None)
    return frozenset({nearest[0]}) if nearest else frozenset()


def role_scopes(user) -> list[str]:
    return list(user.groups.filter(role__isnull=False).values_list("role__data_scope", flat=True))


def scope_context_for(user) -> ScopeContext:
    """The data-scope context of `user` (configured as settings.SCOPE_CONTEXT_RESOLVER)."""
    employee = _employee_of(user)
    if employee is None:
        return ScopeContext(scope=DataScope.OWN, user_id=user.pk)
    unit = employee.org_unit
    if unit.kind == OrgUnitKind.PARTNER:
        return ScopeContext(scope=DataScope.PARTNER, user_id=user.pk, unit_id=unit.pk, partner_unit_id=unit.pk,
                            unit_path=unit.path)
    scope = DataScope(employee.data_scope_override) if employee.data_scope_override else widest(role_scopes(user))
    if scope == DataScope.PARTNER:  # a partner role on a staff member grants nothing beyond their own rows
        scope = DataScope.OWN
    return ScopeContext(
        scope=scope,
        user_id=user.pk,
        unit_id=unit.pk,
        subtree_path=_department_path(unit) if scope in {DataScope.DEPARTMENT, DataScope.REGION} else "",
        region_ids=_region_ids(unit) if scope == DataScope.REGION else frozenset(),
        unit_path=unit.path,
    )


def employees_visible_to(user) -> QuerySet[Employee]:
    return restrict(Employee.objects.all(), user)


def org_units_visible_to(user) -> QuerySet[OrgUnit]:
    """Staff see the whole organisation chart; a partner user sees only its own company. Read from the data-scope
    context (kept between requests), as every ticket read asks this."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    ctx = scope_context(user)
    if ctx.partner_unit_id is not None:
        return OrgUnit.objects.filter(pk=ctx.partner_unit_id)
    if ctx.unit_id is None and not user.is_superuser:
        return OrgUnit.objects.none()
    return OrgUnit.objects.all()


def can_view_org(user) -> bool:
    return user.is_authenticated and user.has_perm("org.view_orgunit")


def can_view_employees(user) -> bool:
    return user.is_authenticated and user.has_perm("org.view_employee")


def can_manage_org(user) -> bool:
    return user.is_authenticated and user.has_perm("org.manage_org")


def can_view_full_phone(user) -> bool:
    return user.is_authenticated and user.has_perm("org.view_full_phone")
