"""Reads for logistics customer service: the follow-up queue and the transport exception register."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core import rules as rule_values
from core.phones import display_phone

from .. import rules_fulfilment as rules
from ..access_fulfilment import can_see_full_phone, exceptions_visible_to, shipments_visible_to
from ..choices_fulfilment import ShipmentStatus
from ..models import Shipment, ShipmentException

FOLLOW_UP_KEY = "orders.follow_up_from"


def follow_up_threshold(now: datetime.datetime | None = None) -> datetime.datetime:
    """Shipments dispatched before this instant are due for follow-up at `now` (14:00 the day after dispatch)."""
    now = timezone.localtime(now or timezone.now())
    clock = rules.parse_clock(rule_values.value(FOLLOW_UP_KEY, on=now.date()))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if now.time() >= clock else midnight - datetime.timedelta(days=1)


def follow_up_due_at(shipment: Shipment) -> datetime.datetime | None:
    if shipment.dispatched_at is None:
        return None
    day = timezone.localdate(shipment.dispatched_at)
    return rules.follow_up_due_at(shipment.dispatched_at, rules.parse_clock(rule_values.value(FOLLOW_UP_KEY, on=day)))


@dataclass
class QueueRow:
    shipment: Shipment
    receiver: str
    phone: str
    due_at: datetime.datetime
    open_exceptions: int


def follow_up_queue_for(user, *, now: datetime.datetime | None = None, search: str = "") -> list[QueueRow]:
    """Every dispatched, unsigned shipment due for follow-up, oldest first, with the receiver's contact (the
    phone masked unless the user's role may see full numbers)."""
    rows = (shipments_visible_to(user).filter(status=ShipmentStatus.DISPATCHED,
                                              dispatched_at__lt=follow_up_threshold(now))
            .select_related("order__customer", "warehouse")
            .annotate(open_exceptions=Count("exceptions", filter=~Q(exceptions__status="closed")))
            .order_by("-urgent", "dispatched_at", "id"))
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(tracking_number__icontains=search)
                           | Q(order__customer__name__icontains=search) | Q(order__number__icontains=search))
    full = can_see_full_phone(user)
    out = []
    for shipment in rows:
        order = shipment.order
        phone = order.receiver_phone or order.customer.phone
        out.append(QueueRow(shipment=shipment, receiver=order.receiver_name or order.customer.name,
                            phone=display_phone(phone, full=full), due_at=follow_up_due_at(shipment),
                            open_exceptions=shipment.open_exceptions))
    return out


def list_exceptions_for(user, *, kind: str = "", status: str = "", start: datetime.date | None = None,
                        end: datetime.date | None = None) -> QuerySet[ShipmentException]:
    rows = exceptions_visible_to(user).select_related("shipment__order__customer", "reported_by")
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if start:
        rows = rows.filter(reported_at__date__gte=start)
    if end:
        rows = rows.filter(reported_at__date__lte=end)
    return rows.order_by("-reported_at", "-id")


def _week_rows(queryset, monday: datetime.date):
    start, end = rules.week_of(monday)
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end, queryset.filter(reported_at__gte=lower, reported_at__lt=upper)


def exception_summary(day: datetime.date, user=None) -> dict:
    """The week containing `day`: exceptions by kind, open ones, amounts claimed and settled (all exceptions when
    no user is given: the scheduled summary for the logistics leads)."""
    queryset = ShipmentException.objects.all() if user is None else exceptions_visible_to(user)
    start, end, rows = _week_rows(queryset, day)
    summary = rules.summarise_exceptions(rows.values("kind", "status", "claim_amount", "claim_settled_amount"))
    return {"start": start, "end": end, **summary}


def week_exceptions_for(user, day: datetime.date) -> QuerySet[ShipmentException]:
    _start, _end, rows = _week_rows(exceptions_visible_to(user), day)
    return rows.select_related("shipment__order__customer").order_by("reported_at", "id")
