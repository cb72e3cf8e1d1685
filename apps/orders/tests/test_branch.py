"""Branch daily purchase request: orders approved by the 14:00 cut-off, master and detail delivery notes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.testing.helpers import user

from ..choices_fulfilment import BranchRequestStatus
from ..models import Order
from ..selectors import branch as selectors
from ..services import branch as services
from ..services.shipments import ShipmentConflict
from .fulfilment_factories import partner_b, ready_order

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def _approved_at(order, when):
    Order.objects.filter(pk=order.pk).update(approved_at=when)


def test_the_branch_request_carries_orders_approved_by_the_cut_off_and_issues_notes_per_customer():
    clerk, gm = user("branch_clerk"), user("branch_gm")
    branch = selectors.branch_of(clerk)
    assert branch.code == "branch-gz"
    partner = partner_b()  # a 广州 customer of the 广州分公司 rep
    early = ready_order(partner, quantities=(1,))
    late = ready_order(partner, quantities=(2,))
    _approved_at(early, dt.datetime(2026, 11, 25, 11, 0, tzinfo=CN))
    _approved_at(late, dt.datetime(2026, 11, 25, 14, 30, tzinfo=CN))

    today = services.collect_branch_request(actor=clerk, branch=branch, business_date=dt.date(2026, 11, 25))
    assert [e.order_id for e in today.entries.all()] == [early.pk]
    assert today.total_amount == early.total_amount
    with pytest.raises(ShipmentConflict):
        services.issue_master_note(actor=user("hq_clerk"), request=today)
    today = services.submit_branch_request(actor=clerk, request=today)
    assert today.status == BranchRequestStatus.SUBMITTED

    today = services.issue_master_note(actor=user("hq_clerk"), request=today)
    assert today.master_note_number.startswith("MDN")
    notes = services.issue_detail_notes(actor=clerk, request=today)
    assert [(n.customer, n.amount) for n in notes] == [(partner.customer, early.total_amount)]

    tomorrow = services.collect_branch_request(actor=clerk, branch=branch, business_date=dt.date(2026, 11, 26))
    assert [e.order_id for e in tomorrow.entries.all()] == [late.pk]
    assert selectors.list_branch_requests_for(gm).count() == 2
    assert selectors.list_branch_requests_for(user("sales_rep")).count() == 0


def test_an_empty_request_cannot_be_submitted():
    clerk = user("branch_clerk")
    request = services.collect_branch_request(actor=clerk, branch=selectors.branch_of(clerk),
                                              business_date=dt.date(2026, 11, 25))
    with pytest.raises(ValidationError):
        services.submit_branch_request(actor=clerk, request=request)
