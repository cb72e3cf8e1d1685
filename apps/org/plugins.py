"""How the organisation plugs into the shell: menu entries, dashboard panels, global search."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    DashboardPanel,
    NavItem,
    SearchHit,
    SearchProvider,
    register_nav,
    register_panel,
    register_search,
)

from . import access, selectors

SECTION = _("Organisation")

register_nav(NavItem("org-chart", _("Org chart"), "org:chart", "sitemap", SECTION, 10, access.can_view_org))
register_nav(NavItem("org-employees", _("Employees"), "org:employees", "users", SECTION, 20,
                     access.can_view_employees))
register_nav(NavItem("org-roles", _("Roles & rights"), "org:roles", "shield-lock", SECTION, 30,
                     lambda u: u.has_perm("org.view_role")))


def _headcount_panel(request):
    rows = selectors.headcount_by_unit(request.user)
    recent = selectors.list_employees_for(request.user).order_by("-updated_at")[:6]
    total = selectors.list_employees_for(request.user).exclude(status="left").count()
    return {"chart": {"type": "hbar", "labels": [r[0] for r in rows], "values": [r[1] for r in rows]},
            "rows": rows, "recent": recent, "total": total}


register_panel(DashboardPanel("org-headcount", "org/panels/headcount.html", _headcount_panel, 50,
                              access.can_view_employees))


def _search_employees(user, text):
    employees = selectors.list_employees_for(user).filter(
        Q(name__icontains=text) | Q(employee_no__icontains=text) | Q(user__username__icontains=text)
    )[:8]
    return [SearchHit(e.name, f"{e.employee_no} · {e.org_unit.display_name}",
                      reverse("org:employee-detail", args=[e.pk])) for e in employees]


def _search_units(user, text):
    units = selectors.list_org_units_for(user).filter(Q(name__icontains=text) | Q(name_en__icontains=text))[:5]
    return [SearchHit(u.display_name, u.get_kind_display(), reverse("org:chart") + f"#unit-{u.pk}") for u in units]


register_search(SearchProvider("employees", _("Employees"), _search_employees, access.can_view_employees))
register_search(SearchProvider("org-units", _("Org units"), _search_units, access.can_view_org))
