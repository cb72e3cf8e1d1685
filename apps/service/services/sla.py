"""Storing SLA deadlines and statuses: per ticket on every state change, and in bulk every minute."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from core.calendars import get_calendar
from core.rules import value as rule_value
from core.workcal import WorkingCalendar

from .. import rules, sla
from ..choices import OPEN_STATUSES, SlaStatus
from ..models import SLAPolicy, Ticket

SLA_FIELDS = ["sla_policy", "sla_status", "first_response_due", "first_response_warn_at", "resolution_due",
              "resolution_warn_at", "breached_first_response", "breached_resolution"]


class Engines:
    """Working-calendar engines built once per calendar for a batch of tickets, and the batch's due-soon share."""

    def __init__(self):
        self._engines: dict[int | None, WorkingCalendar] = {}
        self._warn_percent: float | None = None

    def get(self, calendar_id: int | None) -> WorkingCalendar:
        if calendar_id not in self._engines:
            self._engines[calendar_id] = get_calendar(calendar_id)
        return self._engines[calendar_id]

    def warn_percent(self) -> float:
        """The due-soon warning share (a rule value), read once per batch rather than once per ticket."""
        if self._warn_percent is None:
            self._warn_percent = float(rule_value("service.due_soon_percent"))
        return self._warn_percent


def active_policies() -> list[SLAPolicy]:
    return list(SLAPolicy.objects.filter(is_active=True).order_by("position", "id"))


def _target(policy: SLAPolicy, name: str) -> sla.Target | None:
    amount = getattr(policy, f"{name}_target")
    return None if amount is None else sla.Target(amount, getattr(policy, f"{name}_unit"))


def apply_sla(ticket: Ticket, *, engines: Engines | None = None, policies: list[SLAPolicy] | None = None,
              now: dt.datetime | None = None) -> None:
    """Match the ticket's policy and store its deadlines, warning times and status (the caller saves)."""
    policy = rules.choose_policy(active_policies() if policies is None else policies, rules.facts_of(ticket))
    ticket.sla_policy = policy
    first, resolution = sla.Clock(), sla.Clock()
    if policy is not None:
        engines = engines or Engines()
        calendar = engines.get(policy.calendar_id)
        warn = engines.warn_percent()
        pauses = sla.parse_pauses(ticket.sla_pauses)
        first = sla.compute_clock(ticket.received_at, _target(policy, "first_response"), calendar, pauses, warn)
        resolution = sla.compute_clock(ticket.sla_started_at or ticket.received_at, _target(policy, "resolution"),
                                       calendar, pauses, warn)
    ticket.first_response_due, ticket.first_response_warn_at = first.due, first.warn_at
    ticket.resolution_due, ticket.resolution_warn_at = resolution.due, resolution.warn_at
    refresh_status(ticket, now)


def refresh_status(ticket: Ticket, now: dt.datetime | None = None) -> None:
    """Recompute the stored SLA status and the breach flags (flags, once set, stay for reports)."""
    now = now or timezone.now()
    ticket.sla_status = sla.status_at(
        now, paused_at=ticket.sla_paused_at, first_response_due=ticket.first_response_due,
        first_response_warn_at=ticket.first_response_warn_at, first_responded_at=ticket.first_responded_at,
        resolution_due=ticket.resolution_due, resolution_warn_at=ticket.resolution_warn_at,
        resolved_at=ticket.resolved_at)
    at = ticket.sla_paused_at or now
    responded = ticket.first_responded_at or ticket.resolved_at
    if ticket.first_response_due is not None and (responded or at) > ticket.first_response_due:
        ticket.breached_first_response = True
    if ticket.resolution_due is not None and (ticket.resolved_at or at) > ticket.resolution_due:
        ticket.breached_resolution = True


def return_visit_due(ticket: Ticket, *, engines: Engines | None = None) -> dt.datetime | None:
    """When the return visit after the resolution is due under the ticket's policy (None: no visit)."""
    policy = ticket.sla_policy
    if policy is None or ticket.resolved_at is None:
        return None
    calendar = (engines or Engines()).get(policy.calendar_id)
    return sla.add_target(ticket.resolved_at, _target(policy, "return_visit"), calendar)


def refresh_open_tickets(now: dt.datetime | None = None) -> int:
    """Move running open tickets to due soon / breached as time passes: a few indexed UPDATEs, no loop."""
    now = now or timezone.now()
    running = Ticket.objects.filter(status__in=OPEN_STATUSES, sla_paused_at__isnull=True)
    waiting_first = Q(first_responded_at__isnull=True)
    first_late = waiting_first & Q(first_response_due__lte=now)
    breached = Q(resolution_due__lte=now) | first_late
    warned = Q(resolution_warn_at__lte=now) | (waiting_first & Q(first_response_warn_at__lte=now))
    changed = running.filter(breached).exclude(sla_status=SlaStatus.BREACHED).update(sla_status=SlaStatus.BREACHED)
    changed += running.filter(warned, sla_status=SlaStatus.ON_TRACK).update(sla_status=SlaStatus.DUE_SOON)
    running.filter(first_late, breached_first_response=False).update(breached_first_response=True)
    running.filter(resolution_due__lte=now, breached_resolution=False).update(breached_resolution=True)
    return changed
