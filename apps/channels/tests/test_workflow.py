"""The lifecycle and application transition tables, pair by pair."""

import pytest

from apps.channels import workflow
from apps.channels.choices import ApplicationStatus as A
from apps.channels.choices import PartnerStage as S
from apps.channels.choices import PartnerStatus

TIERS = {S.TRIAL_DISTRIBUTOR, S.DISTRIBUTOR, S.AGENT, S.INTEGRATOR, S.CONTRACTOR}
ALLOWED = (
    {(S.APPLICANT, t) for t in TIERS | {S.TERMINATED}}
    | {(S.TRIAL_DISTRIBUTOR, t) for t in (S.DISTRIBUTOR, S.AGENT, S.SUSPENDED, S.TERMINATED)}
    | {(S.DISTRIBUTOR, t) for t in (S.AGENT, S.SUSPENDED, S.TERMINATED)}
    | {(stage, t) for stage in (S.AGENT, S.INTEGRATOR, S.CONTRACTOR) for t in (S.SUSPENDED, S.TERMINATED)}
    | {(S.SUSPENDED, t) for t in TIERS | {S.TERMINATED}}
)
PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_partner_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition(current, target) is ((current, target) in ALLOWED)


class _Partner:
    def __init__(self, status, tier):
        self.status, self.tier = status, tier

    @property
    def stage(self):
        return self.tier if self.status == PartnerStatus.ACTIVE else self.status


def test_promotion_sets_the_tier_and_keeps_the_partner_active():
    partner = _Partner(PartnerStatus.ACTIVE, S.TRIAL_DISTRIBUTOR)
    assert workflow.transition(partner, S.DISTRIBUTOR) == S.TRIAL_DISTRIBUTOR
    assert (partner.status, partner.tier) == (PartnerStatus.ACTIVE, S.DISTRIBUTOR)


def test_suspension_keeps_the_tier_and_resuming_returns_to_it():
    partner = _Partner(PartnerStatus.ACTIVE, S.AGENT)
    workflow.transition(partner, S.SUSPENDED)
    assert (partner.status, partner.tier, partner.stage) == (PartnerStatus.SUSPENDED, S.AGENT, S.SUSPENDED)
    assert not workflow.can_enter(partner, S.DISTRIBUTOR)
    workflow.transition(partner, S.AGENT)
    assert partner.stage == S.AGENT


def test_a_suspended_partner_cannot_be_promoted_on_resuming():
    partner = _Partner(PartnerStatus.SUSPENDED, S.DISTRIBUTOR)
    with pytest.raises(workflow.StateConflict) as exc:
        workflow.transition(partner, S.AGENT)
    assert exc.value.code == "invalid_transition"


def test_terminated_is_final():
    partner = _Partner(PartnerStatus.TERMINATED, S.AGENT)
    assert not any(workflow.can_enter(partner, target) for target in S)


APP_ALLOWED = {(A.PENDING_MANAGER, A.PENDING_DIRECTOR), (A.PENDING_MANAGER, A.REJECTED),
               (A.PENDING_DIRECTOR, A.APPROVED), (A.PENDING_DIRECTOR, A.REJECTED)}
APP_PAIRS = [(a, b) for a in A for b in A]


@pytest.mark.parametrize(("current", "target"), APP_PAIRS, ids=[f"{a}->{b}" for a, b in APP_PAIRS])
def test_application_transition_table_pair_by_pair(current, target):
    assert workflow.can_move_application(current, target) is ((current, target) in APP_ALLOWED)


def test_an_application_cannot_skip_the_manager():
    class _Application:
        status = A.PENDING_MANAGER

    with pytest.raises(workflow.StateConflict):
        workflow.move_application(_Application(), A.APPROVED)
