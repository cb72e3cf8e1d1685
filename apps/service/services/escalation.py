"""SLA escalation (every minute): at the warning share the assignee, at the breach the supervisor, some hours
after the breach the manager — each step once per ticket, clock and SLA cycle."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notify import notify
from core.rules import value as rule_value

from ..choices import OPEN_STATUSES, EscalationLevel, EventKind, SlaClock
from ..models import Ticket, TicketEscalation
from . import people
from .common import record, ticket_url

BATCH = 500
CLOCK_FIELDS = {SlaClock.FIRST_RESPONSE: ("first_response_due", "first_response_warn_at"),
                SlaClock.RESOLUTION: ("resolution_due", "resolution_warn_at")}


def _recipient(ticket: Ticket, level: str):
    if level == EscalationLevel.WARNING:
        return ticket.assignee or people.supervisor_of(ticket)
    if level == EscalationLevel.BREACH:
        return people.supervisor_of(ticket)
    return people.manager_of(ticket)


def _title(ticket: Ticket, clock: str, level: str) -> str:
    what = SlaClock(clock).label
    if level == EscalationLevel.WARNING:
        return _("%(clock)s of ticket %(number)s is due soon") % {"clock": what, "number": ticket.number}
    return _("%(clock)s of ticket %(number)s is overdue") % {"clock": what, "number": ticket.number}


def _escalate(ticket: Ticket, clock: str, level: str) -> bool:
    """Send one step once; False when it had been sent already (another worker got there first)."""
    recipient = _recipient(ticket, level)
    try:
        with transaction.atomic():
            TicketEscalation.objects.create(ticket=ticket, clock=clock, level=level, cycle=ticket.sla_cycle,
                                            notified=[recipient.pk] if recipient else [])
            notify([recipient] if recipient else [], title=_title(ticket, clock, level), body=ticket.subject,
                   url=ticket_url(ticket), level="warning" if level == EscalationLevel.WARNING else "danger",
                   email=level != EscalationLevel.WARNING)
            record(ticket, EventKind.ESCALATED, actor=None, clock=clock, level=level,
                   notified=recipient.pk if recipient else None)
    except IntegrityError:
        return False
    return True


def _due_steps(now: dt.datetime, manager_after: dt.timedelta):
    for clock, (due, warn) in CLOCK_FIELDS.items():
        yield clock, EscalationLevel.WARNING, Q(**{f"{warn}__lte": now, f"{due}__gt": now})
        yield clock, EscalationLevel.BREACH, Q(**{f"{due}__lte": now})
        yield clock, EscalationLevel.MANAGER, Q(**{f"{due}__lte": now - manager_after})


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Send every escalation step that has come due; returns how many were sent."""
    now = now or timezone.now()
    manager_after = dt.timedelta(hours=float(rule_value("service.manager_escalation_hours")))
    running = Ticket.objects.filter(status__in=OPEN_STATUSES, sla_paused_at__isnull=True).select_related(
        "assignee", "team__head", "team__parent__head", "department__head")
    sent = 0
    for clock, level, condition in _due_steps(now, manager_after):
        candidates = running.filter(first_responded_at__isnull=True) if clock == SlaClock.FIRST_RESPONSE else running
        done = TicketEscalation.objects.filter(ticket=OuterRef("pk"), clock=clock, level=level,
                                               cycle=OuterRef("sla_cycle"))
        for ticket in candidates.filter(condition).exclude(Exists(done)).order_by("pk")[:BATCH]:
            sent += _escalate(ticket, clock, level)
    return sent
