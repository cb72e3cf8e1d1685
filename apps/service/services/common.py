"""Pieces every ticket service shares: locking the row and writing the event log."""

from django.urls import reverse
from django.utils import timezone

from ..choices import EventKind
from ..models import Ticket, TicketEvent


def lock(ticket: Ticket) -> Ticket:
    """The ticket's row, locked for the rest of the transaction, with what the services read."""
    return Ticket.objects.select_for_update(of=("self",)).select_related(
        "category", "team", "department", "assignee", "sla_policy").get(pk=ticket.pk)


def record(ticket: Ticket, kind: EventKind, *, actor, reason: str = "", from_status: str = "", to_status: str = "",
           **detail) -> TicketEvent:
    """Append an event to the ticket's log."""
    return TicketEvent.objects.create(ticket=ticket, kind=kind, actor=actor, reason=reason[:300],
                                      from_status=from_status, to_status=to_status, detail=detail)


def touch(ticket: Ticket, actor) -> list[str]:
    """Stamp who changed the ticket; returns the fields to save with it."""
    ticket.updated_by = actor
    ticket.updated_at = timezone.now()
    return ["updated_by", "updated_at"]


def ticket_url(ticket: Ticket) -> str:
    return reverse("service:detail", args=[ticket.pk])
