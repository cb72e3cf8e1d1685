"""The ticket status table, pair by pair."""

import pytest
from django.core.exceptions import ValidationError

from apps.service import workflow
from apps.service.choices import TicketStatus as S

ALLOWED = {
    (S.NEW, S.ASSIGNED),
    (S.ASSIGNED, S.NEW), (S.ASSIGNED, S.IN_PROGRESS), (S.ASSIGNED, S.WAITING_CUSTOMER),
    (S.ASSIGNED, S.WAITING_DEPARTMENT), (S.ASSIGNED, S.RESOLVED),
    (S.IN_PROGRESS, S.NEW), (S.IN_PROGRESS, S.ASSIGNED), (S.IN_PROGRESS, S.WAITING_CUSTOMER),
    (S.IN_PROGRESS, S.WAITING_DEPARTMENT), (S.IN_PROGRESS, S.RESOLVED),
    (S.WAITING_CUSTOMER, S.NEW), (S.WAITING_CUSTOMER, S.ASSIGNED), (S.WAITING_CUSTOMER, S.IN_PROGRESS),
    (S.WAITING_CUSTOMER, S.WAITING_DEPARTMENT), (S.WAITING_CUSTOMER, S.RESOLVED),
    (S.WAITING_DEPARTMENT, S.NEW), (S.WAITING_DEPARTMENT, S.ASSIGNED), (S.WAITING_DEPARTMENT, S.IN_PROGRESS),
    (S.WAITING_DEPARTMENT, S.WAITING_CUSTOMER), (S.WAITING_DEPARTMENT, S.RESOLVED),
    (S.RESOLVED, S.RETURN_VISIT), (S.RESOLVED, S.CLOSED), (S.RESOLVED, S.REOPENED),
    (S.RETURN_VISIT, S.CLOSED), (S.RETURN_VISIT, S.REOPENED),
    (S.REOPENED, S.NEW), (S.REOPENED, S.ASSIGNED), (S.REOPENED, S.IN_PROGRESS),
}
PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition(current, target) is ((current, target) in ALLOWED)


class _Ticket:
    def __init__(self, status):
        self.status = status


def test_a_closed_ticket_goes_nowhere_and_the_refusal_names_both_states():
    with pytest.raises(ValidationError) as exc:
        workflow.transition(_Ticket(S.CLOSED), S.IN_PROGRESS)
    assert exc.value.code == "invalid_transition"
    assert str(S.CLOSED.label) in exc.value.messages[0]


def test_an_allowed_transition_sets_the_status_and_returns_the_old_one():
    ticket = _Ticket(S.RESOLVED)
    assert workflow.transition(ticket, S.REOPENED) == S.RESOLVED
    assert ticket.status == S.REOPENED
