"""Core's own menu entries (admin tools)."""

from django.utils.translation import gettext_lazy as _

from .registry import NavItem, register_nav

ADMIN_SECTION = _("Administration")

register_nav(NavItem("audit-log", _("Audit log"), "audit-log", "shield-search", ADMIN_SECTION, 900,
                     lambda u: u.has_perm("core.view_auditevent")))
register_nav(NavItem("calendar", _("Working calendar"), "calendar", "calendar", ADMIN_SECTION, 910,
                     lambda u: u.has_perm("core.view_workcalendar")))
register_nav(NavItem("rules", _("Rule parameters"), "rules", "adjustments", ADMIN_SECTION, 920,
                     lambda u: u.has_perm("core.view_rulevalue")))
