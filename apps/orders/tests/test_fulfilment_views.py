"""Fulfilment pages: they render for the roles that use them, hide other partners' shipments (404), the partner
page shows its 窜货 flags, and the demo seed ships the ready orders in every state."""

import pytest

from core.testing import personas as p
from core.testing.helpers import web_as

from ..demo_shipments import seed_shipments
from ..models import CrossTerritoryFlag
from .fulfilment_factories import GUANGZHOU, partner_a, partner_b, ready_order, ship

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    a = ready_order(partner_a(), quantities=(2,), ship_to={**GUANGZHOU})
    return {"a": ship(a, {1: 1}), "b": ship(ready_order(partner_b(), quantities=(1,))), "order": a}


@pytest.mark.parametrize(("persona", "path", "status"), [
    ("warehouse", "/orders/shipments/", 200), ("warehouse", "/orders/follow-up/", 200),
    ("warehouse", "/orders/shipment-exceptions/", 200), ("warehouse", "/orders/shipment-exceptions/summary/", 200),
    ("branch_clerk", "/orders/branch-requests/", 200), ("hq_clerk", "/orders/branch-requests/", 200),
    (p.DEPARTMENT_MANAGER, "/orders/cross-territory/", 200), (p.HR, "/orders/shipments/", 403),
    (p.PARTNER_A_USER, "/orders/cross-territory/", 403), (p.PARTNER_A_USER, "/orders/follow-up/", 403),
])
def test_pages_answer_by_role(shipped, persona, path, status):
    assert web_as(persona).get(path).status_code == status


def test_a_partner_user_opens_its_own_shipment_but_not_another_partners(shipped):
    client = web_as(p.PARTNER_A_USER)
    page = client.get(f"/orders/shipments/{shipped['a'].pk}/")
    assert page.status_code == 200 and b'id="sign"' not in page.content
    assert client.get(f"/orders/shipments/{shipped['b'].pk}/").status_code == 404


def test_the_shipment_page_offers_the_next_step_and_the_order_form_what_remains(shipped):
    page = web_as("warehouse").get(f"/orders/shipments/{shipped['a'].pk}/")
    assert b'id="sign"' in page.content and b'id="follow-up"' in page.content
    form = web_as("warehouse").get(f"/orders/{shipped['order'].pk}/ship/")
    assert form.status_code == 200 and b'id="qty-1"' in form.content


def test_the_partner_page_lists_its_cross_territory_flags(shipped):
    flag = CrossTerritoryFlag.objects.get(order=shipped["order"])
    page = web_as(p.DEPARTMENT_MANAGER).get(f"/channels/partners/{flag.partner_id}/?tab=cross-territory")
    assert page.status_code == 200 and f'id="flag-{flag.pk}"'.encode() in page.content


def test_the_review_form_records_the_outcome(shipped):
    flag = CrossTerritoryFlag.objects.get(order=shipped["order"])
    response = web_as("sales_admin").post(
        f"/orders/cross-territory/{flag.pk}/review/", {"outcome": "allowed", "note": "项目报备过"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.outcome == "allowed"


def test_the_demo_ships_ready_orders_in_every_state():
    partner = partner_a()
    for _ in range(6):
        ready_order(partner, quantities=(4,))
    counts = seed_shipments({})
    assert counts["dispatched"] >= 1 and counts["signed"] >= 1 and counts["receipt_returned"] >= 1
    assert counts["draft"] + counts["cancelled"] >= 1
