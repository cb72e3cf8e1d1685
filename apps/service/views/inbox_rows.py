"""The inbox table's rows, worked out in Python once per page: resolved in the template, fifty rows of choice labels,
colours, dates and countdowns cost more than the rest of the page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import SlaStatus, TicketKind, TicketPriority, TicketStatus
from ..models import Ticket
from ..templatetags.service_desk import countdown, priority_colour, sla_colour, ticket_colour

FLAGGED_PRIORITIES = {TicketPriority.URGENT, TicketPriority.HIGH}
DATE_TIME = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class InboxRow:
    pk: int
    number: str
    subject: str
    url: str
    is_major: bool
    priority_label: str
    priority_colour: str  # empty unless the priority is flagged in the list
    party: str  # the customer, else the caller
    kind_label: str
    status_label: str
    status_colour: str
    sla_label: str
    sla_colour: str
    breached: bool
    due_title: str  # empty when no resolution deadline is running
    due_iso: str  # empty while the clock is paused
    due_text: str
    team_name: str
    assignee_name: str
    received: str


def _labels(choices) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices}


def inbox_rows(tickets) -> list[InboxRow]:
    """The rows of a page of tickets as the inbox table shows them."""
    now = timezone.now()
    kinds, statuses = _labels(TicketKind), _labels(TicketStatus)
    slas, priorities = _labels(SlaStatus), _labels(TicketPriority)
    unknown, unassigned, paused = _("Unknown caller"), _("Unassigned"), _("paused")

    def row(t: Ticket) -> InboxRow:
        due = t.resolution_due if t.resolution_due and not t.resolved_at else None
        return InboxRow(
            pk=t.pk, number=t.number, subject=t.subject, url=reverse("service:detail", args=[t.pk]),
            is_major=t.is_major, priority_label=priorities.get(t.priority, t.priority),
            priority_colour=priority_colour(t.priority) if t.priority in FLAGGED_PRIORITIES else "",
            party=t.customer.name if t.customer else (t.caller_name or unknown),
            kind_label=kinds.get(t.kind, t.kind), status_label=statuses.get(t.status, t.status),
            status_colour=ticket_colour(t.status), sla_label=slas.get(t.sla_status, t.sla_status),
            sla_colour=sla_colour(t.sla_status), breached=t.sla_status == SlaStatus.BREACHED,
            due_title=timezone.localtime(due).strftime(DATE_TIME) if due else "",
            due_iso=due.isoformat() if due and not t.sla_paused_at else "",
            due_text=(paused if t.sla_paused_at else countdown(due, now)) if due else "",
            team_name=(t.team.display_name if t.team else "") or "—",
            assignee_name=(t.assignee.first_name or t.assignee.username) if t.assignee else unassigned,
            received=timezone.localtime(t.received_at).strftime(DATE_TIME),
        )

    return [row(t) for t in tickets]
