import pytest
from django.core.exceptions import ValidationError

from apps.org import workflow
from apps.org.choices import EmployeeStatus as S

ALLOWED = {(S.PROBATION, S.ACTIVE), (S.PROBATION, S.LEFT), (S.ACTIVE, S.LEFT)}
PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition(current, target) is ((current, target) in ALLOWED)


class _Employee:
    def __init__(self, status):
        self.status = status


def test_refused_transition_names_both_states():
    with pytest.raises(ValidationError) as exc:
        workflow.transition(_Employee(S.LEFT), S.ACTIVE)
    assert exc.value.code == "invalid_transition"


def test_allowed_transition_sets_the_status():
    employee = _Employee(S.PROBATION)
    workflow.transition(employee, S.ACTIVE)
    assert employee.status == S.ACTIVE
