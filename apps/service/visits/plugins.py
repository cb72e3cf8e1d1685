"""How return visits plug into the shell: the menu entries and a dashboard card for the agents who make the calls
(imported by `apps.service.plugins`)."""

from django.utils.translation import gettext_lazy as _

from core.registry import DashboardPanel, NavItem, register_nav, register_panel

from . import access, selectors

SECTION = _("Service desk")

register_nav(NavItem("service-visits", _("Return visits"), "service:visits", "phone-check", SECTION, 25,
                     access.can_view_visits))
register_nav(NavItem("service-follow-ups", _("Satisfaction follow-ups"), "service:follow-ups", "list-check",
                     SECTION, 26, lambda user: access.can_view_steps(user) and not access.can_view_visits(user)))

_BOXES = [("ready", _("To call now")), ("today", _("Due today")), ("overdue", _("Overdue")),
          ("members", _("Member visits"))]


def _visits_panel(request):
    counts = selectors.box_counts(request.user)
    return {"boxes": [(key, label, counts[key]) for key, label in _BOXES]}


register_panel(DashboardPanel("service-visits", "service/visits/panel.html", _visits_panel, 16,
                              access.can_record_visits))
