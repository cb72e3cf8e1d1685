"""Reads of organisation data; every user-facing read starts from the scope functions in access."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.scopes import get_in_scope_or_404, scope_context

from .access import employees_visible_to, org_units_visible_to
from .choices import EmployeeStatus, OrgUnitKind
from .models import Employee, OrgUnit, Position, Region, Role


def list_employees_for(user, *, search: str = "", org_unit: OrgUnit | None = None, include_sub_units: bool = True,
                       status: str = "", role: str = "") -> QuerySet[Employee]:
    qs = employees_visible_to(user).select_related("user", "org_unit", "position", "manager")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(employee_no__icontains=search)
                       | Q(user__username__icontains=search) | Q(phone__contains=search))
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path) if include_sub_units else qs.filter(org_unit=org_unit)
    if status:
        qs = qs.filter(status=status)
    if role:
        qs = qs.filter(user__groups__role__code=role)
    return qs.prefetch_related("user__groups__role")


def get_employee_for(user, pk) -> Employee:
    return get_in_scope_or_404(
        Employee.objects.select_related("user", "org_unit", "org_unit__region", "position", "manager"), user, pk=pk
    )


def list_org_units_for(user) -> QuerySet[OrgUnit]:
    return org_units_visible_to(user).select_related("region", "head", "parent")


def get_org_unit_for(user, pk) -> OrgUnit:
    try:
        return list_org_units_for(user).get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def org_tree_for(user) -> list[dict]:
    """The organisation as nested dicts with direct and total head counts (active staff, scope-blind counts
    are fine here: the chart shows numbers, not people)."""
    units = list(list_org_units_for(user).filter(is_active=True))
    direct = dict(
        Employee.objects.exclude(status=EmployeeStatus.LEFT).values_list("org_unit").annotate(n=Count("id"))
    )
    nodes = {u.pk: {"unit": u, "children": [], "direct": direct.get(u.pk, 0), "total": 0} for u in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(nodes[unit.pk])

    def total(node):
        node["children"].sort(key=lambda n: (n["unit"].sort_order, n["unit"].pk))
        node["total"] = node["direct"] + sum(total(child) for child in node["children"])
        return node["total"]

    for root in roots:
        total(root)
    roots.sort(key=lambda n: (n["unit"].kind == "partner", n["unit"].sort_order))
    return roots


def headcount_by_unit(user) -> list[tuple[str, int]]:
    """Active head count per working unit (its whole subtree), for the dashboard chart: the departments and
    centers directly under the company or a center, leaving out those that only group other departments."""
    big = [OrgUnitKind.DEPARTMENT, OrgUnitKind.CENTER, OrgUnitKind.BRANCH]
    units = list(
        org_units_visible_to(user).filter(kind__in=big, parent__kind__in=[OrgUnitKind.COMPANY, OrgUnitKind.CENTER])
        .exclude(children__kind__in=[OrgUnitKind.DEPARTMENT, OrgUnitKind.CENTER]).distinct()
        .order_by("sort_order", "id").only("id", "name", "name_en", "path")
    )
    staff = list(
        employees_visible_to(user).exclude(status=EmployeeStatus.LEFT).values_list("org_unit__path", flat=True)
    )
    return [(u.display_name, sum(1 for p in staff if p.startswith(u.path))) for u in units]


def list_roles() -> QuerySet[Role]:
    return Role.objects.select_related("group").annotate(
        member_count=Count("group__user", distinct=True)
    ).order_by("code")


def get_role(code: str) -> Role:
    return get_object_or_404(Role.objects.select_related("group"), code=code)


def list_regions() -> QuerySet[Region]:
    return Region.objects.all()


def list_positions() -> QuerySet[Position]:
    return Position.objects.all()


def roles_of(user) -> list[Role]:
    return list(Role.objects.filter(group__user=user))


def profile_for(user) -> dict:
    """What /api/v1/me/ and the user menu show: the user, roles, org unit and data scope."""
    employee = Employee.objects.select_related("org_unit", "position").filter(user=user).first()
    ctx = scope_context(user)
    return {"employee": employee, "roles": roles_of(user), "scope": ctx.scope}


def region_for_location(province: str = "", city: str = "") -> Region | None:
    """The sales region covering a city (checked first) or a province, by their names."""
    regions = list(Region.objects.all())
    for region in regions:
        if city and city in region.cities:
            return region
    for region in regions:
        if province and province in region.provinces:
            return region
    return None


def unit_of(user) -> OrgUnit | None:
    """The org unit a user works in (None for users without an employee record)."""
    employee = Employee.objects.select_related("org_unit").filter(user=user).first()
    return employee.org_unit if employee else None


def partner_unit_of(user) -> OrgUnit | None:
    """The partner company a partner user belongs to."""
    unit = unit_of(user)
    return unit if unit is not None and unit.kind == OrgUnitKind.PARTNER else None


def users_with_role(code: str):
    """Active users holding a role (for notifications such as 'tell the market-development manager')."""
    return get_user_model().objects.filter(groups__role__code=code, is_active=True).distinct()


def active_users_in_unit(unit_id: int):
    """Active users whose employee record is in the unit itself (not its sub-units), by id: a team's agents."""
    return (get_user_model().objects.filter(employee__org_unit_id=unit_id, is_active=True)
            .exclude(employee__status=EmployeeStatus.LEFT).order_by("pk"))
