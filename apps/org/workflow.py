"""The only way an employee's status changes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import EmployeeStatus

TRANSITIONS = {
    EmployeeStatus.PROBATION: {EmployeeStatus.ACTIVE, EmployeeStatus.LEFT},
    EmployeeStatus.ACTIVE: {EmployeeStatus.LEFT},
    EmployeeStatus.LEFT: set(),
}


def can_transition(current: str, target: str) -> bool:
    return EmployeeStatus(target) in TRANSITIONS[EmployeeStatus(current)]


def transition(employee, target: str) -> None:
    """Move `employee` to `target` or raise a translated ValidationError; the caller saves."""
    if not can_transition(employee.status, target):
        raise ValidationError(
            _("An employee cannot go from %(current)s to %(target)s.")
            % {"current": EmployeeStatus(employee.status).label, "target": EmployeeStatus(target).label},
            code="invalid_transition",
        )
    employee.status = target
