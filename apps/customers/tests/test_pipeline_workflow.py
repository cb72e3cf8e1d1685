"""The opportunity stage and lead status tables, pair by pair."""

import pytest
from django.core.exceptions import ValidationError

from apps.customers import pipeline_workflow as workflow
from apps.customers.choices import LeadStatus as L
from apps.customers.choices import OpportunityStage as S

OPEN = [S.APPROACH, S.LEARN, S.PRESENT, S.CLOSE]
ALLOWED = (
    {(a, b) for a in OPEN for b in OPEN if a != b}  # forward or back among open stages
    | {(a, b) for a in OPEN for b in (S.WON, S.LOST)}  # any open stage closes
    | {(S.LOST, b) for b in OPEN}  # a lost deal may be reopened; a won one is final
)
PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_stage_table_pair_by_pair(current, target):
    assert workflow.can_move(current, target) is ((current, target) in ALLOWED)


LEAD_ALLOWED = {(L.NEW, L.CONTACTED), (L.NEW, L.CONVERTED), (L.NEW, L.DISQUALIFIED), (L.CONTACTED, L.CONVERTED),
                (L.CONTACTED, L.DISQUALIFIED)}
LEAD_PAIRS = [(a, b) for a in L for b in L]


@pytest.mark.parametrize(("current", "target"), LEAD_PAIRS, ids=[f"{a}->{b}" for a, b in LEAD_PAIRS])
def test_lead_table_pair_by_pair(current, target):
    assert workflow.can_change_lead(current, target) is ((current, target) in LEAD_ALLOWED)


class _Record:
    def __init__(self, stage=None, status=None):
        self.stage, self.status = stage, status


def test_refused_move_names_the_stage_field_and_the_code():
    with pytest.raises(ValidationError) as exc:
        workflow.move(_Record(stage=S.WON), S.CLOSE)
    assert exc.value.error_dict["stage"][0].code == "invalid_transition"


def test_allowed_move_sets_the_stage():
    opportunity = _Record(stage=S.APPROACH)
    workflow.move(opportunity, S.PRESENT)
    assert opportunity.stage == S.PRESENT


def test_refused_lead_change_is_an_invalid_transition():
    with pytest.raises(ValidationError) as exc:
        workflow.change_lead(_Record(status=L.CONVERTED), L.DISQUALIFIED)
    assert exc.value.error_dict["status"][0].code == "invalid_transition"


def test_stages_after_lists_the_later_stages_first_then_the_earlier_ones():
    assert workflow.stages_after(S.LEARN) == [S.PRESENT, S.CLOSE, S.WON, S.LOST, S.APPROACH]
    assert workflow.stages_after(S.LOST) == [S.APPROACH, S.LEARN, S.PRESENT, S.CLOSE]
    assert workflow.stages_after(S.WON) == []
