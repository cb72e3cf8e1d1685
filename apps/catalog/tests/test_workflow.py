import pytest
from django.core.exceptions import ValidationError

from apps.catalog import workflow
from apps.catalog.choices import ProductStatus as P
from apps.catalog.choices import StockCountStatus as S

ALLOWED = {(S.DRAFT, S.COUNTED), (S.COUNTED, S.APPROVED), (S.COUNTED, S.REJECTED), (S.REJECTED, S.COUNTED)}
PAIRS = [(a, b) for a in S for b in S]
PRODUCT_ALLOWED = {(P.ACTIVE, P.RETIRED), (P.RETIRED, P.ACTIVE)}
PRODUCT_PAIRS = [(a, b) for a in P for b in P]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_stock_count_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize(("current", "target"), PRODUCT_PAIRS, ids=[f"{a}->{b}" for a, b in PRODUCT_PAIRS])
def test_product_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition_product(current, target) is ((current, target) in PRODUCT_ALLOWED)


class _Count:
    def __init__(self, status):
        self.status = status


def test_a_refused_transition_names_both_states():
    with pytest.raises(ValidationError) as exc:
        workflow.transition(_Count(S.APPROVED), S.REJECTED)
    assert exc.value.code == "invalid_transition"


def test_an_allowed_transition_sets_the_status():
    count = _Count(S.COUNTED)
    workflow.transition(count, S.APPROVED)
    assert count.status == S.APPROVED


def test_counts_are_editable_only_while_open():
    assert {S.DRAFT, S.REJECTED} == workflow.EDITABLE
