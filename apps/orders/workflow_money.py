"""Status tables of sales plans, statements and returns: the only moves their services accept."""

from django.utils.translation import gettext as _

from .choices import PlanStatus, ReturnStatus, StatementStatus
from .workflow import StateConflict

PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
    PlanStatus.SUBMITTED: {PlanStatus.APPROVED, PlanStatus.REJECTED},
    PlanStatus.REJECTED: {PlanStatus.SUBMITTED},  # corrected and sent again
    PlanStatus.APPROVED: {PlanStatus.CONSOLIDATED},
    PlanStatus.CONSOLIDATED: set(),
}

STATEMENT_TRANSITIONS: dict[str, set[str]] = {
    StatementStatus.ISSUED: {StatementStatus.CONFIRMED, StatementStatus.DISPUTED},
    StatementStatus.DISPUTED: {StatementStatus.RESOLVED},
    StatementStatus.CONFIRMED: set(),
    StatementStatus.RESOLVED: set(),
}

RETURN_TRANSITIONS: dict[str, set[str]] = {
    ReturnStatus.REQUESTED: {ReturnStatus.INSPECTED, ReturnStatus.REJECTED},
    ReturnStatus.INSPECTED: {ReturnStatus.INSPECTED, ReturnStatus.APPROVED, ReturnStatus.REJECTED},  # re-inspect
    ReturnStatus.APPROVED: set(),
    ReturnStatus.REJECTED: set(),
}

_TABLES = {"plan": (PLAN_TRANSITIONS, PlanStatus), "statement": (STATEMENT_TRANSITIONS, StatementStatus),
           "return": (RETURN_TRANSITIONS, ReturnStatus)}


def can_move(kind: str, current: str, target: str) -> bool:
    table, _choices = _TABLES[kind]
    return target in table[current]


def move(kind: str, record, target: str) -> str:
    """Set `record.status` to `target` if the table allows it, else raise StateConflict; returns the old status."""
    table, choices = _TABLES[kind]
    current = record.status
    if target not in table[current]:
        raise StateConflict(_("Cannot go from %(current)s to %(target)s.")
                            % {"current": choices(current).label, "target": choices(target).label},
                            code="invalid_transition")
    record.status = target
    return current
