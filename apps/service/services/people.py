"""Who hears about a ticket: its supervisor (the team head) and its manager (the responsible department's head)."""

from ..models import Ticket


def _nearest_head(unit):
    while unit is not None:
        if unit.head_id is not None and unit.head.is_active:
            return unit.head
        unit = unit.parent
    return None


def manager_of(ticket: Ticket):
    """The head of the responsible department, else the nearest head above the team (e.g. the CS manager)."""
    if ticket.department_id is not None:
        head = _nearest_head(ticket.department)
        if head is not None:
            return head
    return _nearest_head(ticket.team.parent) if ticket.team_id is not None else None


def supervisor_of(ticket: Ticket):
    """The team's head (group leader), else the manager."""
    if ticket.team_id is not None and ticket.team.head_id is not None and ticket.team.head.is_active:
        return ticket.team.head
    return manager_of(ticket)
