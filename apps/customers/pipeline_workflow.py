"""The only way an opportunity's stage or a lead's status changes.

Open stages follow the deal flow 接近 → 了解 → 说明 → 促成, and a rep may move a deal forward or back among them
(a customer who needs the presentation again goes back to 说明). Any open stage may close as won or lost. A lost
deal may be reopened at any open stage when the customer comes back; a won deal is final, because the deal date
it wrote on the customer feeds the pool rule and, later, orders.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import LeadStatus, OpportunityStage

S = OpportunityStage
OPEN_STAGES = [S.APPROACH, S.LEARN, S.PRESENT, S.CLOSE]
CLOSED_STAGES = [S.WON, S.LOST]

TRANSITIONS = {
    **{stage: {*(s for s in OPEN_STAGES if s != stage), S.WON, S.LOST} for stage in OPEN_STAGES},
    S.WON: set(),
    S.LOST: set(OPEN_STAGES),
}

LEAD_TRANSITIONS = {
    LeadStatus.NEW: {LeadStatus.CONTACTED, LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED},
    LeadStatus.CONTACTED: {LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED},
    LeadStatus.CONVERTED: set(),
    LeadStatus.DISQUALIFIED: set(),
}


def is_open(stage: str) -> bool:
    return OpportunityStage(stage) in OPEN_STAGES


def can_move(current: str, target: str) -> bool:
    return OpportunityStage(target) in TRANSITIONS[OpportunityStage(current)]


def stages_after(current: str) -> list[OpportunityStage]:
    """The stages an opportunity at `current` may move to: the later ones first, then the earlier ones, each in
    board order — the usual move is on to the next stage, so one ↓ in a card's stage list makes it."""
    board = list(OpportunityStage)
    here = board.index(OpportunityStage(current))
    return sorted((s for s in board if can_move(current, s)), key=lambda s: (board.index(s) < here, board.index(s)))


def move(opportunity, target: str) -> None:
    """Set `opportunity.stage` to `target` or raise a translated ValidationError; the caller saves."""
    if not can_move(opportunity.stage, target):
        message = _("An opportunity cannot go from %(current)s to %(target)s.") % {
            "current": OpportunityStage(opportunity.stage).label, "target": OpportunityStage(target).label}
        raise ValidationError({"stage": ValidationError(message, code="invalid_transition")})
    opportunity.stage = target


def can_change_lead(current: str, target: str) -> bool:
    return LeadStatus(target) in LEAD_TRANSITIONS[LeadStatus(current)]


def change_lead(lead, target: str) -> None:
    """Set `lead.status` to `target` or raise a translated ValidationError; the caller saves."""
    if not can_change_lead(lead.status, target):
        message = _("A lead cannot go from %(current)s to %(target)s.") % {
            "current": LeadStatus(lead.status).label, "target": LeadStatus(target).label}
        raise ValidationError({"status": ValidationError(message, code="invalid_transition")})
    lead.status = target
