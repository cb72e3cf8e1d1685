"""How customers plug into the shell: menu entries, dashboard panels, global search, the customer-360 slots."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    DashboardPanel,
    NavItem,
    OpenItemsProvider,
    RecordPanel,
    SearchHit,
    SearchProvider,
    register_nav,
    register_open_items,
    register_panel,
    register_record_panel,
    register_search,
)

from . import access, selectors
from .views import pipeline_activities
from .views import pool as pool_views

# -- sales process (pipeline) --------------------------------------------------------------------------------

SALES = _("Sales")


def _can(perm):
    return lambda user: user.has_perm(perm)


register_nav(NavItem("my-day", _("My day"), "customers:my-day", "sun", SALES, 110, _can("customers.view_activity")))
register_nav(NavItem("visit-plans", _("Visit plans"), "customers:visit-plans", "calendar-week", SALES, 120,
                     _can("customers.view_visitplan")))
register_nav(NavItem("opportunity-board", _("Opportunities board"), "customers:board", "layout-kanban", SALES, 130,
                     _can("customers.view_opportunity")))
register_nav(NavItem("funnel", _("Funnel"), "customers:funnel", "filter", SALES, 140,
                     _can("customers.view_opportunity")))
register_nav(NavItem("leads", _("Leads"), "customers:leads", "user-plus", SALES, 150, _can("customers.view_lead")))
register_panel(DashboardPanel("my-pipeline", "customers/pipeline/panels/my_pipeline.html",
                              lambda request: selectors.my_pipeline_for(request.user), 20,
                              _can("customers.change_opportunity")))
register_record_panel("customers.customer", RecordPanel(
    "activities", _("Activities"), "customers/pipeline/panels/activities.html", pipeline_activities.activities_panel,
    20, _can("customers.view_activity")))
register_record_panel("customers.customer", RecordPanel(
    "opportunities", _("Opportunities"), "customers/pipeline/panels/opportunities.html",
    pipeline_activities.opportunities_panel, 30, _can("customers.view_opportunity")))

# -- customer archive ----------------------------------------------------------------------------------------

CUSTOMERS = _("Customers")

register_nav(NavItem("customers", _("Customers"), "customers:list", "building-store", CUSTOMERS, 60,
                     access.can_view_customers))
register_nav(NavItem("customer-composition", _("Composition"), "customers:composition", "chart-pie", CUSTOMERS, 62,
                     access.can_view_customers))
register_nav(NavItem("customer-duplicates", _("Duplicates"), "customers:duplicates", "copy", CUSTOMERS, 64,
                     access.can_merge))
register_nav(NavItem("customer-handover", _("Hand-over"), "customers:handover", "arrows-exchange", CUSTOMERS, 66,
                     access.can_reassign))


def _search_customers(user, text):
    customers = selectors.list_customers_for(user, search=text)[:8]
    return [SearchHit(c.name, " · ".join(filter(None, [str(c.get_kind_display()), c.city, c.grade])),
                      reverse("customers:detail", args=[c.pk])) for c in customers]


register_search(SearchProvider("customers", _("Customers"), _search_customers, access.can_view_customers))
register_open_items(selectors.RECORD_LABEL, OpenItemsProvider(
    "opportunities", selectors.open_opportunities, selectors.opportunity_item,
    lambda user: user.has_perm("customers.view_opportunity")))

# -- imports and the public pool ---------------------------------------------------------------------------------

register_nav(NavItem("customer-pool", _("Public pool"), "customers:pool", "lifebuoy", CUSTOMERS, 67,
                     access.can_claim))
register_nav(NavItem("customer-import", _("Import customers"), "customers:imports", "file-import", CUSTOMERS, 68,
                     access.can_import))
register_record_panel("customers.customer", RecordPanel(
    "pool", _("Pool"), "customers/pool/panel.html", pool_views.pool_panel, 60,
    lambda user: access.can_claim(user) or access.can_reassign(user)))
