"""Status changes of a ticket: work, wait, resume, resolve (with the five clears), return visit, close, reopen."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notify import notify
from core.rules import value as rule_value

from .. import rules, workflow
from ..choices import EventKind, TicketStatus
from ..models import Ticket
from . import people
from . import sla as sla_service
from .common import lock, record, ticket_url, touch
from .visits.planning import plan_ticket_visit

MOVE_FIELDS = ["status", "sla_paused_at", "sla_pauses", *sla_service.SLA_FIELDS]
FIVE_CLEARS_LABELS = {
    "facts": gettext_lazy("the facts heard and asked (听清楚/问清楚)"),
    "next_reply_at": gettext_lazy("when the customer gets the next reply (跟清楚)"),
    "reply_to_customer": gettext_lazy("the reply given to the customer (复清楚)"),
    "cause": gettext_lazy("the cause (记清楚)"),
    "handling": gettext_lazy("the handling (记清楚)"),
    "result": gettext_lazy("the result (记清楚)"),
}


class FiveClearsIncomplete(ValidationError):
    """A complaint cannot be resolved before its five clears are recorded."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__({name: [_("Record %(what)s before resolving.") % {"what": FIVE_CLEARS_LABELS[name]}]
                          for name in missing}, code="five_clears_incomplete")

    @property
    def summary(self) -> str:
        return _("The five clears are not complete: record %(what)s.") % {
            "what": "; ".join(str(FIVE_CLEARS_LABELS[name]) for name in self.missing)}


def move(ticket: Ticket, target: str, *, actor, reason: str = "", now: dt.datetime | None = None) -> str:
    """Change the status through the workflow, keep the SLA pause and deadlines, record the event; returns the
    old status (the caller saves MOVE_FIELDS)."""
    now = now or timezone.now()
    old = workflow.transition(ticket, target)
    if old == TicketStatus.WAITING_CUSTOMER and target != TicketStatus.WAITING_CUSTOMER:
        ticket.sla_pauses = [*ticket.sla_pauses, [ticket.sla_paused_at.isoformat(), now.isoformat()]]
        ticket.sla_paused_at = None
        sla_service.apply_sla(ticket, now=now)
    else:
        if target == TicketStatus.WAITING_CUSTOMER:
            ticket.sla_paused_at = now
        sla_service.refresh_status(ticket, now)
    record(ticket, EventKind.STATUS, actor=actor, reason=reason, from_status=old, to_status=target)
    return old


def _save(ticket: Ticket, actor, *extra: str) -> Ticket:
    ticket.save(update_fields=[*MOVE_FIELDS, *extra, *touch(ticket, actor)])
    return ticket


@transaction.atomic
def start_work(*, actor, ticket: Ticket) -> Ticket:
    """The assignee starts working the ticket (an unassigned one becomes theirs)."""
    ticket = lock(ticket)
    extra = []
    if ticket.assignee_id is None:
        ticket.assignee, extra = actor, ["assignee"]
    move(ticket, TicketStatus.IN_PROGRESS, actor=actor)
    return _save(ticket, actor, *extra)


@transaction.atomic
def wait_for_customer(*, actor, ticket: Ticket, reason: str = "") -> Ticket:
    """Wait on the customer (documents, a visit time…): the SLA clocks stop until the ticket resumes."""
    ticket = lock(ticket)
    move(ticket, TicketStatus.WAITING_CUSTOMER, actor=actor, reason=reason)
    return _save(ticket, actor)


@transaction.atomic
def wait_for_department(*, actor, ticket: Ticket, department=None, reason: str = "") -> Ticket:
    """Hand the problem to the responsible department; the SLA clocks keep running."""
    ticket = lock(ticket)
    extra = []
    if department is not None:
        ticket.department, extra = department, ["department"]
    move(ticket, TicketStatus.WAITING_DEPARTMENT, actor=actor, reason=reason)
    _save(ticket, actor, *extra)
    manager = people.manager_of(ticket)
    if manager is not None and manager != actor:
        notify([manager], title=_("Ticket %(number)s waits on your department") % {"number": ticket.number},
               body=ticket.subject, url=ticket_url(ticket))
    return ticket


@transaction.atomic
def resume_ticket(*, actor, ticket: Ticket, reason: str = "") -> Ticket:
    """Back to work after waiting; a pause moves the deadlines by the paused open time."""
    ticket = lock(ticket)
    if ticket.status not in (TicketStatus.WAITING_CUSTOMER, TicketStatus.WAITING_DEPARTMENT):
        raise workflow.InvalidTransition(_("Only a waiting ticket can be resumed."), code="invalid_transition")
    move(ticket, TicketStatus.IN_PROGRESS, actor=actor, reason=reason)
    return _save(ticket, actor)


FIVE_CLEARS_FIELDS = set(rules.FIVE_CLEARS)


@transaction.atomic
def resolve_ticket(*, actor, ticket: Ticket, **five_clears) -> Ticket:
    """Resolve; a complaint first needs its five clears (given here or recorded before), else
    FiveClearsIncomplete names each missing one and nothing changes. The return visit is planned, due as the
    ticket's SLA policy says."""
    unknown = set(five_clears) - FIVE_CLEARS_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    ticket = lock(ticket)
    now = timezone.now()
    for name, value in five_clears.items():
        setattr(ticket, name, value)
    limit = dt.timedelta(minutes=rule_value("service.first_contact_minutes"))
    missing = rules.five_clears_missing(ticket, resolving_at=now, first_contact=limit)
    if missing:
        raise FiveClearsIncomplete(missing)
    ticket.resolved_at = now
    ticket.first_responded_at = ticket.first_responded_at or now
    move(ticket, TicketStatus.RESOLVED, actor=actor, now=now)
    ticket.return_visit_due = sla_service.return_visit_due(ticket)
    _save(ticket, actor, "resolved_at", "first_responded_at", "return_visit_due", *five_clears)
    plan_ticket_visit(actor=actor, ticket=ticket, now=now)  # none when the policy asks for no return visit
    return ticket


@transaction.atomic
def start_return_visit(*, actor, ticket: Ticket) -> Ticket:
    """The resolved ticket is in the return-visit queue."""
    ticket = lock(ticket)
    move(ticket, TicketStatus.RETURN_VISIT, actor=actor)
    return _save(ticket, actor)


@transaction.atomic
def close_ticket(*, actor, ticket: Ticket, reason: str = "") -> Ticket:
    """Close and archive a resolved ticket (after a satisfied return visit, or when none is due)."""
    ticket = lock(ticket)
    ticket.closed_at = timezone.now()
    move(ticket, TicketStatus.CLOSED, actor=actor, reason=reason)
    return _save(ticket, actor, "closed_at")


@transaction.atomic
def reopen_ticket(*, actor, ticket: Ticket, reason: str) -> Ticket:
    """Reopen a resolved ticket (an unsatisfied customer): a new resolution clock starts now."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is reopened.")})
    ticket = lock(ticket)
    now = timezone.now()
    old = workflow.transition(ticket, TicketStatus.REOPENED)
    ticket.resolved_at = ticket.return_visit_due = ticket.closed_at = None
    ticket.reopen_count += 1
    ticket.sla_cycle += 1
    ticket.sla_started_at, ticket.sla_pauses, ticket.sla_paused_at = now, [], None
    sla_service.apply_sla(ticket, now=now)
    record(ticket, EventKind.STATUS, actor=actor, reason=reason, from_status=old, to_status=TicketStatus.REOPENED)
    _save(ticket, actor, "resolved_at", "return_visit_due", "closed_at", "reopen_count", "sla_cycle",
          "sla_started_at")
    recipients = {u for u in (ticket.assignee, people.supervisor_of(ticket)) if u is not None and u != actor}
    notify(recipients, title=_("Ticket %(number)s was reopened") % {"number": ticket.number}, body=reason,
           url=ticket_url(ticket), level="warning")
    return ticket
