"""The order desk's dashboard numbers: what waits for approval, holds, payments, and today's dispatches."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from ..access import orders_visible_to
from ..choices import OrderStatus
from ..models import Shipment

WAITING = {"submitted": OrderStatus.SUBMITTED, "on_hold": OrderStatus.ON_HOLD,
           "awaiting_payment": OrderStatus.AWAITING_PAYMENT}


def _today_range() -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def order_pipeline_for(user) -> dict:
    """Counts over the user's order scope, in two queries: orders per waiting status, and shipments dispatched
    today (Asia/Shanghai) of orders in scope."""
    orders = orders_visible_to(user)
    counts = orders.filter(status__in=WAITING.values()).aggregate(
        **{key: Count("pk", filter=Q(status=status)) for key, status in WAITING.items()})
    start, end = _today_range()
    counts["shipped_today"] = Shipment.objects.filter(order__in=orders, dispatched_at__gte=start,
                                                      dispatched_at__lt=end).count()
    return counts
