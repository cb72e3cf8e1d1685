"""Reads of tickets for the inbox, the ticket page, panels and the API; every read starts from access."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from apps.customers.selectors import service as customer_selectors
from apps.orders import access as order_access
from apps.orders import access_fulfilment as order_flag_access
from apps.orders.choices_fulfilment import FlagSource
from apps.orders.selectors import flags as order_flag_selectors
from apps.orders.selectors import orders as order_selectors
from apps.org import selectors as org_selectors
from core.registry import open_items_for

from .access import can_see_all_tickets, tickets_visible_to, unit_path, units_under
from .choices import OPEN_STATUSES, SlaStatus, TicketKind
from .models import RoutingRule, SavedView, SLAPolicy, Ticket, TicketCategory

CUSTOMER_RECORD = "customers.customer"
LIST_RELATED = ["customer", "team", "assignee"]
LIST_COLUMNS = ["number", "subject", "kind", "status", "priority", "is_major", "sla_status", "resolution_due",
                "resolved_at", "sla_paused_at", "received_at", "caller_name", "customer__name", "team__name",
                "team__name_en", "assignee__first_name", "assignee__username"]
SORTS = {"due": F("resolution_due").asc(nulls_last=True), "-received": F("received_at").desc(),
         "received": F("received_at").asc(), "number": F("number").asc(), "-number": F("number").desc()}
WORK_UNIT_KINDS = ["center", "department", "branch", "room", "group", "team", "service_point"]


@dataclass
class InboxFilters:
    box: str = "open"
    search: str = ""
    exact: dict = field(default_factory=dict)
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    sort: str = ""


def _open() -> Q:
    return Q(status__in=OPEN_STATUSES)


def _open_boxes(user) -> dict[str, Q]:
    """The boxes that hold open tickets only, as conditions over the user's open tickets."""
    return {
        "mine": Q(assignee_id=user.pk),
        "team": Q(team_id__in=units_under(user)) if unit_path(user) else Q(pk__in=[]),
        "unassigned": Q(assignee__isnull=True),
        "due_soon": Q(sla_status=SlaStatus.DUE_SOON),
        "breached": Q(sla_status=SlaStatus.BREACHED),
        "majors": Q(is_major=True),
        "open": Q(),
    }


def box_filters(user) -> dict[str, Q]:
    """The inbox's boxes as filters over the user's tickets."""
    boxes = {name: _open() & condition for name, condition in _open_boxes(user).items()}
    return boxes | {"watching": Q(pk__in=Ticket.watchers.through.objects.filter(user_id=user.pk).values("ticket_id")),
                    "all": Q()}


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition) if condition else Count("pk")


def box_counts(user, filters: InboxFilters | None = None) -> dict[str, int]:
    """How many tickets each box holds and, given the list's filters, how many the filtered list holds ("page";
    not for the box of all tickets, which the list counts itself). Two aggregates over index ranges, never the
    whole table: one over the user's open tickets (every box but "watching" holds nothing else), one over the
    tickets they watch."""
    visible, extra = tickets_visible_to(user), filter_condition(filters) if filters else Q()
    open_boxes = _open_boxes(user)
    # "page" comes first: an aggregate named like a field ("team") hides that field from the aggregates after it
    over_open, over_watched = {}, {}
    if filters is not None and filters.box == "watching":
        over_watched["page"] = _count(extra)
    elif filters is not None and filters.box != "all":
        over_open["page"] = _count(open_boxes.get(filters.box, Q()) & extra)
    over_open |= {name: _count(condition) for name, condition in open_boxes.items()}
    over_watched["watching"] = Count("pk")
    counts = visible.filter(_open()).aggregate(**over_open)
    return counts | visible.filter(box_filters(user)["watching"]).aggregate(**over_watched)


def search_filter(text: str) -> Q:
    """Number, subject, caller, customer name or 4+ phone digits."""
    text = text.strip()
    condition = (Q(number__icontains=text) | Q(subject__icontains=text) | Q(caller_name__icontains=text)
                 | Q(customer__name__icontains=text))
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 4 and len(digits) >= len(text.replace(" ", "").replace("-", "")) - 1:
        condition |= Q(phone_digits__contains=digits)
    return condition


def filter_condition(filters: InboxFilters) -> Q:
    """The list's filters other than the box: exact values, the search and the received dates."""
    condition = Q(**{name: value for name, value in filters.exact.items() if value not in ("", None)})
    if filters.search:
        condition &= search_filter(filters.search)
    if filters.received_from:
        condition &= Q(received_at__date__gte=filters.received_from)
    if filters.received_to:
        condition &= Q(received_at__date__lte=filters.received_to)
    return condition


def list_tickets_for(user, filters: InboxFilters | None = None) -> QuerySet[Ticket]:
    """The user's tickets in a box, filtered, searched and sorted (open boxes: most urgent first), with the columns
    the inbox shows."""
    filters = filters or InboxFilters()
    qs = tickets_visible_to(user).filter(box_filters(user).get(filters.box, _open()), filter_condition(filters))
    default = "due" if filters.box not in ("all", "watching") else "-received"
    return (qs.select_related(*LIST_RELATED).only(*LIST_COLUMNS)
            .order_by(SORTS.get(filters.sort) or SORTS[default], "-id"))


def page_rows(page: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """A page (a slice) of list_tickets_for in one query of two steps: the page's ids, sorted from the ticket_inbox
    index alone, then those rows; sorting the full rows would read every open ticket the list holds."""
    return (Ticket.objects.filter(pk__in=page.values("pk")).select_related(*LIST_RELATED).only(*LIST_COLUMNS)
            .order_by(*page.query.order_by))


def get_ticket_for(user, pk) -> Ticket:
    """One ticket of the user's scope, or 404 (the same answer for "forbidden" and "missing")."""
    try:
        return tickets_visible_to(user).select_related(
            "customer", "contact", "team", "department", "assignee", "category", "region", "sla_policy",
            "routing_rule", "major_reported_to", "created_by").get(pk=pk)
    except (Ticket.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def conversation(ticket: Ticket) -> list:
    return list(ticket.messages.select_related("author"))


def timeline(ticket: Ticket) -> list:
    return list(ticket.events.select_related("actor").order_by("-occurred_at", "-id"))


@dataclass
class CustomerPanel:
    """The customer 360 side panel of a ticket."""

    customer: object | None
    in_scope: bool
    open_items: list
    other_tickets: list
    recent_orders: list = field(default_factory=list)
    shows_orders: bool = False


RECENT_ORDERS = 5


def recent_orders_of(user, customer) -> list:
    """The customer's last orders within the user's order scope (none for roles that may not see orders)."""
    if not order_access.can_view_orders(user):
        return []
    return list(order_selectors.list_orders_for(user, customer=customer).order_by("-created_at", "-id")
                [:RECENT_ORDERS])


def customer_panel(user, ticket: Ticket) -> CustomerPanel:
    """The caller's archive card as far as the user may see it, with what else is open for them and their last
    orders."""
    if ticket.customer_id is None:
        others = [] if not ticket.phone_digits else list(
            tickets_visible_to(user).filter(phone_digits=ticket.phone_digits).exclude(pk=ticket.pk)
            .order_by("-received_at")[:5])
        return CustomerPanel(None, False, [], others)
    customer = customer_selectors.customer_for_ticket(user, ticket.customer_id)
    if customer is None:
        return CustomerPanel(ticket.customer, False, [], [])
    orders = recent_orders_of(user, customer)
    # the orders listed below are not repeated among the open items
    shown = {reverse("service:detail", args=[ticket.pk]), *(reverse("orders:detail", args=[o.pk]) for o in orders)}
    items = [item for item in open_items_for(CUSTOMER_RECORD, user, customer) if item.url not in shown]
    return CustomerPanel(customer, True, items, [], orders, order_access.can_view_orders(user))


@dataclass(frozen=True)
class SerialFlag:
    """A 窜货 flag the ticket's serial number raised: shown to everyone who sees the ticket, linked for reviewers."""

    serial_no: str
    url: str


def serial_flag_for(user, ticket: Ticket) -> SerialFlag | None:
    """The cross-territory flag raised by this repair's serial number, if any; the link only for users who may see
    that flag (the warning itself names neither the partner nor its territory)."""
    if ticket.kind != TicketKind.REPAIR or not ticket.serial_no:
        return None
    flag = order_flag_selectors.flag_raised_by(source=FlagSource.SERVICE_REQUEST, reference=ticket.number)
    if flag is None:
        return None
    url = ""
    if order_flag_access.can_view_flags(user) and order_flag_selectors.list_flags_for(user).filter(pk=flag.pk).exists():
        url = f"{reverse('orders:flags')}?state=all&q={ticket.number}"
    return SerialFlag(flag.serial_no, url)


def tickets_of_customer(user, customer) -> QuerySet[Ticket]:
    """A customer's tickets that the user sees, newest first."""
    return (tickets_visible_to(user).filter(customer_id=customer.pk).select_related("assignee", "team")
            .order_by("-received_at", "-id"))


def open_major_tickets_for(user) -> QuerySet[Ticket]:
    """Open major complaints reported to the user (every open one for those who see all tickets)."""
    qs = tickets_visible_to(user).filter(_open(), is_major=True)
    if not can_see_all_tickets(user):
        qs = qs.filter(major_reported_to_id=user.pk)
    return qs.select_related("customer", "team", "assignee").order_by(SORTS["due"], "-id")


def assignable_users_for(user, ticket: Ticket | None = None) -> list:
    """People the user may give tickets to: the ticket's team and the people of the user's own unit subtree."""
    unit = org_selectors.unit_of(user)
    employees = (org_selectors.list_employees_for(user, org_unit=unit).exclude(status="left")
                 .select_related(None).select_related("user").prefetch_related(None)) if unit else []
    people = {e.user.pk: e.user for e in employees if e.user.is_active}
    if ticket is not None and ticket.team_id is not None:
        people.update({u.pk: u for u in org_selectors.active_users_in_unit(ticket.team_id)})
    return sorted(people.values(), key=lambda u: (u.first_name or u.username, u.pk))


def work_units_for(user) -> QuerySet:
    """Units a ticket can be routed or transferred to."""
    return org_selectors.list_org_units_for(user).filter(kind__in=WORK_UNIT_KINDS, is_active=True)


def list_categories(active_only: bool = True) -> QuerySet[TicketCategory]:
    qs = TicketCategory.objects.select_related("parent")
    return qs.filter(is_active=True) if active_only else qs


def category_choices() -> QuerySet[TicketCategory]:
    """The active categories with what a filter list shows of them (name and depth)."""
    return list_categories().select_related(None).only("name", "name_en", "path")


def work_unit_choices_for(user) -> QuerySet:
    """The units a ticket can be routed to, with what a filter list shows of them (the name)."""
    return work_units_for(user).select_related(None).only("name", "name_en")


def list_policies() -> QuerySet[SLAPolicy]:
    return SLAPolicy.objects.select_related("calendar").order_by("position", "id")


def list_routing_rules() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("category", "region", "team", "department").order_by("position", "id")


def saved_views_for(user) -> QuerySet[SavedView]:
    return SavedView.objects.filter(owner=user)


def get_saved_view(user, pk) -> SavedView:
    try:
        return saved_views_for(user).get(pk=pk)
    except (SavedView.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
