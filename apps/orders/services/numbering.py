"""Document numbers (SO20261125-0001, INV…, CN…, PAY…) drawn by a conditional UPDATE on a per-day counter, so
concurrent requests never get the same number on SQLite or PostgreSQL."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import ARCounter, OrderCounter


def _draw(queryset, create) -> int:
    # Inside a caller's transaction no savepoint of its own: nothing here is undone alone.
    with transaction.atomic(savepoint=False):
        if not queryset.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    create()
            except IntegrityError:
                queryset.update(last=F("last") + 1)
        return queryset.values_list("last", flat=True).get()


def next_order_number(day: datetime.date) -> str:
    last = _draw(OrderCounter.objects.filter(day=day), lambda: OrderCounter.objects.create(day=day, last=1))
    return f"SO{day:%Y%m%d}-{last:04d}"


def next_ar_number(prefix: str, day: datetime.date) -> str:
    """INV / CN / PAY numbers, e.g. INV20261125-0003."""
    last = _draw(ARCounter.objects.filter(prefix=prefix, day=day),
                 lambda: ARCounter.objects.create(prefix=prefix, day=day, last=1))
    return f"{prefix}{day:%Y%m%d}-{last:04d}"
