"""The only way a partner's lifecycle stage or an application's status changes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import TIER_STAGES, ApplicationStatus, PartnerStage, PartnerStatus

S = PartnerStage


class StateConflict(ValidationError):
    """The record's current state does not allow the action (the API answers 409)."""

_ANY_TIER = {S.TRIAL_DISTRIBUTOR, S.DISTRIBUTOR, S.AGENT, S.INTEGRATOR, S.CONTRACTOR}

TRANSITIONS = {
    S.APPLICANT: _ANY_TIER | {S.TERMINATED},
    S.TRIAL_DISTRIBUTOR: {S.DISTRIBUTOR, S.AGENT, S.SUSPENDED, S.TERMINATED},
    S.DISTRIBUTOR: {S.AGENT, S.SUSPENDED, S.TERMINATED},
    S.AGENT: {S.SUSPENDED, S.TERMINATED},
    S.INTEGRATOR: {S.SUSPENDED, S.TERMINATED},
    S.CONTRACTOR: {S.SUSPENDED, S.TERMINATED},
    # Resuming returns to the tier held before the suspension (checked in `transition`).
    S.SUSPENDED: _ANY_TIER | {S.TERMINATED},
    S.TERMINATED: set(),
}

APPLICATION_TRANSITIONS = {
    ApplicationStatus.PENDING_MANAGER: {ApplicationStatus.PENDING_DIRECTOR, ApplicationStatus.REJECTED},
    ApplicationStatus.PENDING_DIRECTOR: {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED},
    ApplicationStatus.APPROVED: set(),
    ApplicationStatus.REJECTED: set(),
}


def can_transition(current: str, target: str) -> bool:
    return PartnerStage(target) in TRANSITIONS[PartnerStage(current)]


def can_enter(partner, target: str) -> bool:
    """Whether `partner` may move to `target` now (the table, plus: a suspension resumes to the same tier)."""
    if not can_transition(partner.stage, target):
        return False
    return not (partner.stage == S.SUSPENDED and target in TIER_STAGES and target != partner.tier)


def transition(partner, target: str) -> str:
    """Move `partner` to stage `target` (setting status and tier) or raise; returns the stage it left."""
    current = partner.stage
    if not can_enter(partner, target):
        raise StateConflict(
            _("A partner cannot go from %(current)s to %(target)s.")
            % {"current": PartnerStage(current).label, "target": PartnerStage(target).label},
            code="invalid_transition",
        )
    if target in TIER_STAGES:
        partner.status, partner.tier = PartnerStatus.ACTIVE, target
    else:
        partner.status = PartnerStatus(target)
    return current


def can_move_application(current: str, target: str) -> bool:
    return ApplicationStatus(target) in APPLICATION_TRANSITIONS[ApplicationStatus(current)]


def move_application(application, target: str) -> None:
    """Move an application to `target` or raise; the caller saves."""
    if not can_move_application(application.status, target):
        raise StateConflict(
            _("An application cannot go from %(current)s to %(target)s.")
            % {"current": ApplicationStatus(application.status).label, "target": ApplicationStatus(target).label},
            code="invalid_transition",
        )
    application.status = target
