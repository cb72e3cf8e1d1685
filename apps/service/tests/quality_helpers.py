"""Test data for the quality tests: resolved tickets in a given month, made through the services."""

import datetime as dt

from django.utils import timezone

from apps.service import services
from apps.service.models import Ticket
from apps.service.quality import selectors
from core.testing.helpers import user

from .factories import make_ticket

MONTH = dt.date(2026, 3, 1)  # a past month the tests fill with resolved tickets


def at(day: int, hour: int = 10, month: dt.date = MONTH) -> dt.datetime:
    """An aware Asia/Shanghai moment in `month`."""
    return timezone.make_aware(dt.datetime.combine(month.replace(day=day), dt.time(hour)))


def resolved_ticket(agent: str = "cs_agent", *, resolved: dt.datetime | None = None, kind: str = "inquiry",
                    **fields) -> Ticket:
    """A ticket the agent took and resolved at `resolved` (received two hours earlier)."""
    resolved = resolved or at(10)
    ticket = make_ticket(agent, kind=kind, received_at=resolved - dt.timedelta(hours=2), assign_to_me=True, **fields)
    ticket = services.resolve_ticket(actor=user(agent), ticket=ticket)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=resolved)
    ticket.refresh_from_db()
    return ticket


def form():
    """The shipped evaluation form (the data migration installs it)."""
    return selectors.default_template()


def full_marks(template, **overrides) -> dict:
    """Points per item: the maximum unless overridden by item name."""
    return {item.pk: {"points": overrides.get(item.name, item.max_points), "comment": ""}
            for item in selectors.active_items(template)}
