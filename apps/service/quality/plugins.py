"""The quality pages in the menu (imported by apps/service/plugins.py): the service dashboard, QA evaluations and
the monthly quality feedback reports."""

from django.utils.translation import gettext_lazy as _

from core.registry import NavItem, register_nav

from . import access

SECTION = _("Service desk")

register_nav(NavItem("service-dashboard", _("Service dashboard"), "service:dashboard", "chart-histogram", SECTION, 5,
                     access.can_view_dashboard))
register_nav(NavItem("service-qa", _("QA evaluations"), "service:qa-list", "clipboard-check", SECTION, 60,
                     access.can_view_evaluations))
register_nav(NavItem("service-quality-reports", _("Quality reports"), "service:quality-reports", "report-analytics",
                     SECTION, 70, access.can_view_reports))
