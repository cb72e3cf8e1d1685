"""How channels plug into the shell: menu entries, a dashboard panel, global search and the customer-360 page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import rules as rule_data
from core.registry import (
    DashboardPanel,
    NavItem,
    RecordPanel,
    SearchHit,
    SearchProvider,
    register_nav,
    register_panel,
    register_record_panel,
    register_search,
)

from . import access, selectors

SECTION = _("Channels")

register_nav(NavItem("channels-partners", _("Partners"), "channels:partners", "building-store", SECTION, 300,
                     access.can_view_partners))
register_nav(NavItem("channels-applications", _("Partner applications"), "channels:applications",
                     "file-certificate", SECTION, 310,
                     lambda u: access.can_view_applications(u) and not access.is_partner_user(u)))
register_nav(NavItem("channels-territories", _("Territories"), "channels:territories", "map-2", SECTION, 320,
                     access.can_view_partners))
register_nav(NavItem("channels-scorecards", _("Partner scorecards"), "channels:scorecards", "chart-bar", SECTION,
                     330, lambda u: access.can_view_scorecards(u) and not access.is_partner_user(u)))
register_nav(NavItem("channels-portal", _("My company"), "channels:portal", "building", SECTION, 300,
                     access.can_view_portal))


def _partners_panel(request):
    user = request.user
    notice_days = rule_data.value("channels.trial_notice_days")
    return {"stages": selectors.stage_counts_for(user),
            "ending": selectors.trials_ending_for(user, within_days=notice_days)[:5], "notice_days": notice_days,
            "awaiting": selectors.list_applications_for(user, awaiting_me=True).count()
            if access.holds_approval_right(user) else None}


register_panel(DashboardPanel("channels-partners", "channels/panels/partners.html", _partners_panel, 60,
                              access.can_view_partners))


def _customer_partner_panel(request, customer):
    partner = access.partners_visible_to(request.user).filter(customer=customer).prefetch_related(
        "territories").first()
    return {"partner": partner}


register_record_panel("customers.customer", RecordPanel("channels-partner", _("Partner"),
                                                        "channels/panels/customer_partner.html",
                                                        _customer_partner_panel, 40, access.can_view_partners))


def _search_partners(user, text):
    partners = selectors.list_partners_for(user, search=text)[:8]
    return [SearchHit(p.name, f"{p.get_tier_display()} · {p.get_stage_display()}",
                      reverse("channels:partner-detail", args=[p.pk])) for p in partners]


register_search(SearchProvider("partners", _("Partners"), _search_partners, access.can_view_partners))
