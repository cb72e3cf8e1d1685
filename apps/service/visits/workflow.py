"""The only way a return visit's status changes: pending → (reached | not reached)* → done / unreachable / cancelled."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ReturnVisitStatus as S

_ONGOING = {S.REACHED, S.NOT_REACHED, S.DONE, S.UNREACHABLE, S.CANCELLED}

TRANSITIONS = {
    S.PENDING: _ONGOING,
    S.REACHED: _ONGOING,
    S.NOT_REACHED: _ONGOING,
    S.DONE: set(),
    S.UNREACHABLE: set(),
    S.CANCELLED: set(),
}


class VisitClosed(ValidationError):
    """The visit is already done, closed as unreachable or cancelled (the API answers 409)."""

    @classmethod
    def of(cls, visit) -> "VisitClosed":
        return cls(_("This return visit is already %(status)s.") % {"status": S(visit.status).label.lower()},
                   code="visit_closed")


class StepClosed(ValidationError):
    """The follow-up step is no longer open (the API and pages answer "already done")."""

    @classmethod
    def make(cls) -> "StepClosed":
        return cls(_("This follow-up step is already done."), code="step_closed")


def can_transition(current: str, target: str) -> bool:
    return S(target) in TRANSITIONS[S(current)]


def transition(visit, target: str) -> str:
    """Move `visit` to `target` or raise VisitClosed; returns the old status; the caller saves."""
    current = visit.status
    if not can_transition(current, target):
        raise VisitClosed.of(visit)
    visit.status = target
    return current
