"""The only way a ticket's status changes: new → assigned → in progress → waiting → resolved → return visit → closed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import TicketStatus as S

WORKING = {S.ASSIGNED, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.WAITING_DEPARTMENT}

TRANSITIONS = {
    S.NEW: {S.ASSIGNED},
    S.ASSIGNED: {S.NEW, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.WAITING_DEPARTMENT, S.RESOLVED},
    S.IN_PROGRESS: {S.NEW, S.ASSIGNED, S.WAITING_CUSTOMER, S.WAITING_DEPARTMENT, S.RESOLVED},
    S.WAITING_CUSTOMER: {S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_DEPARTMENT, S.RESOLVED},
    S.WAITING_DEPARTMENT: {S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.RESOLVED},
    S.RESOLVED: {S.RETURN_VISIT, S.CLOSED, S.REOPENED},
    S.RETURN_VISIT: {S.CLOSED, S.REOPENED},
    S.CLOSED: set(),
    S.REOPENED: {S.NEW, S.ASSIGNED, S.IN_PROGRESS},
}


class InvalidTransition(ValidationError):
    """The ticket's current status does not allow the requested one."""


def can_transition(current: str, target: str) -> bool:
    return S(target) in TRANSITIONS[S(current)]


def transition(ticket, target: str) -> str:
    """Move `ticket` to `target` or raise a translated InvalidTransition; returns the old status; the caller saves."""
    current = ticket.status
    if not can_transition(current, target):
        raise InvalidTransition(
            _("A ticket cannot go from %(current)s to %(target)s.")
            % {"current": S(current).label, "target": S(target).label},
            code="invalid_transition",
        )
    ticket.status = target
    return current
