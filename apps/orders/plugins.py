"""How orders plug into the shell: navigation, search, dashboard cards, customer-360 and partner panels."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import (
    DashboardPanel,
    NavItem,
    OpenItem,
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

from . import access as _order_access
from . import access_fulfilment, access_money
from .choices import OrderStatus
from .choices_fulfilment import FlagOutcome
from .selectors import dashboard as _dashboard
from .selectors import flags as flag_selectors
from .selectors import orders as _order_selectors
from .selectors import plans as plan_selectors
from .selectors import receivables as ar_selectors
from .workflow import OPEN_STATUSES as _OPEN_ORDER_STATUSES

SECTION = _("Orders")



def _staff(check):
    """`check`, for the manufacturer's staff only (partner users reach these through the portal)."""
    return lambda user: check(user) and not _order_access.is_partner_user(user)


# -- statements, returns, plans, rebates, portal -----------------------------------------------------------------

register_nav(NavItem("orders-statements", _("Statements"), "orders:statements", "file-invoice", SECTION, 440,
                     access_money.can_view_statements))
register_nav(NavItem("orders-returns", _("Returns and exchanges"), "orders:returns", "truck-return", SECTION, 450,
                     access_money.can_view_returns))
register_nav(NavItem("orders-rebates", _("Year-end rebates"), "orders:rebates", "gift", SECTION, 460,
                     access_money.can_view_rebates))
register_nav(NavItem("orders-plans", _("Sales plans"), "orders:plans", "target", SECTION, 470,
                     _staff(access_money.can_view_plans)))
register_nav(NavItem("orders-attainment", _("Sales vs plan"), "orders:attainment", "chart-bar", SECTION, 475,
                     _staff(access_money.can_view_sales_vs_plan)))
register_nav(NavItem("orders-portal", _("Partner portal"), "orders:portal", "home-2", SECTION, 299,
                     _order_access.is_partner_user))


def _sales_vs_plan_panel(request):
    return plan_selectors.attainment_for(request.user, kind="month", on=timezone.localdate(), by="branch")


register_panel(DashboardPanel("orders-sales-vs-plan", "orders/money/panels/sales_vs_plan.html", _sales_vs_plan_panel,
                              20, lambda u: u.is_authenticated and u.has_perm("orders.view_all_salesplans")
                              and access_money.can_view_sales_vs_plan(u)))


# -- shipments, follow-up, branch requests, 窜货 flags ----------------------------------------------------------------


register_nav(NavItem("orders-shipments", _("Shipments"), "orders:shipments", "truck-delivery", SECTION, 410,
                     access_fulfilment.can_view_shipments))
register_nav(NavItem("orders-follow-up", _("Shipment follow-up"), "orders:follow-up-queue", "phone-call", SECTION,
                     415, access_fulfilment.can_follow_up))
register_nav(NavItem("orders-exceptions", _("Transport exceptions"), "orders:exceptions", "alert-triangle", SECTION,
                     417, access_fulfilment.can_view_exceptions))
register_nav(NavItem("orders-branch-requests", _("Branch purchase requests"), "orders:branch-requests",
                     "clipboard-list", SECTION, 420, access_fulfilment.can_view_branch_requests))
register_nav(NavItem("orders-flags", _("Cross-territory sales"), "orders:flags", "map-pin-off", SECTION, 430,
                     access_fulfilment.can_view_flags))


def _partner_flags_panel(request, partner) -> dict:
    return {"flags": flag_selectors.list_flags_for(request.user, partner=partner)[:50], "hide_partner": True,
            "can_review": access_fulfilment.can_review_flag(request.user),
            "outcomes": FlagOutcome.choices}


register_record_panel("channels.partner", RecordPanel("cross-territory", _("Cross-territory sales"),
                                                      "orders/flags/partner_panel.html", _partner_flags_panel, 60,
                                                      access_fulfilment.can_view_flags))


# -- orders, approvals, payments, receivables -----------------------------------------------------------------------


register_nav(NavItem("orders-orders", _("Orders"), "orders:list", "shopping-cart", SECTION, 400,
                     _order_access.can_view_orders))
register_nav(NavItem("orders-approvals", _("Order approvals"), "orders:approvals", "checks", SECTION, 402,
                     _order_access.can_view_approvals))
register_nav(NavItem("orders-payments", _("Payments"), "orders:payments", "cash", SECTION, 404,
                     _staff(_order_access.can_view_payments)))
register_nav(NavItem("orders-receivables", _("Receivables"), "orders:receivables", "report-money", SECTION, 405,
                     _staff(_order_access.can_view_receivables)))


def _customer_orders_panel(request, customer) -> dict:
    user = request.user
    orders = _order_selectors.list_orders_for(user, customer=customer)
    return {"orders": orders[:10], "order_count": orders.count(), "customer": customer,
            "can_create": _order_access.can_create_order(user),
            "position": ar_selectors.credit_position(customer) if _order_access.can_view_receivables(user) else None}


def _sees_orders(user) -> bool:
    return user.is_authenticated and user.has_perm("orders.view_order")


register_record_panel("customers.customer", RecordPanel("orders", _("Orders"), "orders/orders/customer_panel.html",
                                                        _customer_orders_panel, 30, _sees_orders))


def _open_orders(user, customer):
    orders = _order_selectors.list_orders_for(user, customer=customer).filter(status__in=_OPEN_ORDER_STATUSES)
    return orders, F("number"), F("status")


def _order_item(row) -> OpenItem:
    return OpenItem(kind=str(_("Order")), title=row.title, status=str(OrderStatus(row.status).label),
                    url=reverse("orders:detail", args=[row.pk]))


register_open_items("customers.customer", OpenItemsProvider("orders", _open_orders, _order_item, _sees_orders,
                                                            limit=5))


# -- global search and the order desk's dashboard card --------------------------------------------------------------


def _search_orders(user, text):
    orders = _order_selectors.list_orders_for(user, search=text).order_by("-created_at", "-id")[:8]
    return [SearchHit(o.number, f"{o.customer.name} · {o.get_status_display()}", reverse("orders:detail", args=[o.pk]))
            for o in orders]


register_search(SearchProvider("orders", _("Orders"), _search_orders, _order_access.can_view_orders))


def _pipeline_panel(request):
    return _dashboard.order_pipeline_for(request.user)


register_panel(DashboardPanel("orders-pipeline", "orders/orders/panels/pipeline.html", _pipeline_panel, 18,
                              _staff(_order_access.can_approve_order)))
