"""Fulfilment API: the permission matrix (anonymous, no right, permitted, other partner → 404), the actions'
conflicts, and list query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

from ..models import CrossTerritoryFlag
from .fulfilment_factories import GUANGZHOU, partner_a, partner_b, ready_order, ship

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    """One dispatched shipment of partner A (北京艾礼富), one of partner B (广州恒信)."""
    a_order = ready_order(partner_a(), quantities=(1,), ship_to={**GUANGZHOU, "receiver_name": "李四"})
    b_order = ready_order(partner_b(), quantities=(1,))
    return {"a": ship(a_order), "b": ship(b_order)}


def test_anonymous_is_refused(shipped):
    assert api_as(None).get("/api/v1/shipments/").status_code in {401, 403}
    assert api_as(None).get("/api/v1/cross-territory-flags/").status_code in {401, 403}


def test_a_role_without_the_right_gets_403(shipped):
    assert api_as(p.HR).get("/api/v1/shipments/").status_code == 403
    assert api_as(p.CS_AGENT).get("/api/v1/cross-territory-flags/").status_code == 403


def test_a_partner_user_sees_only_its_own_shipments_and_gets_404_for_another_partners(shipped):
    client = api_as(p.PARTNER_A_USER)
    listed = client.get("/api/v1/shipments/").json()
    assert [row["id"] for row in listed["results"]] == [shipped["a"].pk]
    assert client.get(f"/api/v1/shipments/{shipped['a'].pk}/").status_code == 200
    assert client.get(f"/api/v1/shipments/{shipped['b'].pk}/").status_code == 404
    # visible but not theirs to sign: 403; another partner's: 404
    body = {"signed_on": timezone.localdate().isoformat(), "signer": "张三"}
    assert client.post(f"/api/v1/shipments/{shipped['a'].pk}/sign/", body, format="json").status_code == 403
    assert client.post(f"/api/v1/shipments/{shipped['b'].pk}/sign/", body, format="json").status_code == 404


def test_sign_then_receipt_through_the_api(shipped):
    client = api_as("warehouse")
    shipment = shipped["a"]
    early = client.post(f"/api/v1/shipments/{shipment.pk}/receipt/",
                        {"returned_on": timezone.localdate().isoformat()}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    signed = client.post(f"/api/v1/shipments/{shipment.pk}/sign/",
                         {"signed_on": timezone.localdate().isoformat(), "signer": "李四"}, format="json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    done = client.post(f"/api/v1/shipments/{shipment.pk}/receipt/",
                       {"returned_on": timezone.localdate().isoformat(), "received_by": "郑丽"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "receipt_returned" and done.json()["receipt_received_by"] == "郑丽"


def test_create_and_dispatch_a_partial_shipment_through_the_api():
    order = ready_order(partner_a(), quantities=(3,))
    line = order.lines.get()
    client = api_as("warehouse")
    body = {"order": order.pk, "carrier": "顺丰", "tracking_number": "SF1",
            "lines": [{"order_line": line.pk, "quantity": "2", "serial_numbers": ["X1", "X2"]}]}
    created = client.post("/api/v1/shipments/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["amount"] == f"{2 * line.unit_price:.2f}"
    over = client.post("/api/v1/shipments/", {**body, "lines": [{"order_line": line.pk, "quantity": "2",
                                                                  "serial_numbers": ["X3", "X4"]}]}, format="json")
    assert over.status_code == 400 and "lines" in over.json()["fields"]
    dispatched = client.post(f"/api/v1/shipments/{data['id']}/dispatch/", {}, format="json")
    assert dispatched.status_code == 200 and dispatched.json()["status"] == "dispatched"
    again = client.post(f"/api/v1/shipments/{data['id']}/dispatch/", {}, format="json")
    assert again.status_code == 409
    # a partner user cannot create shipments
    assert api_as(p.PARTNER_A_USER).post("/api/v1/shipments/", body, format="json").status_code == 403


def test_follow_up_and_exception_actions(shipped):
    client = api_as("warehouse")
    pk = shipped["a"].pk
    eta = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    follow = client.post(f"/api/v1/shipments/{pk}/follow-up/", {"note": "明日到", "eta": eta}, format="json")
    assert follow.status_code == 201 and follow.json()["eta"] == eta
    exc = client.post(f"/api/v1/shipments/{pk}/exceptions/", {"kind": "damage", "description": "破损"},
                      format="json")
    assert exc.status_code == 201
    exc_id = exc.json()["id"]
    claim = client.post(f"/api/v1/shipment-exceptions/{exc_id}/claim/", {"status": "claimed", "amount": "300.00"},
                        format="json")
    assert claim.status_code == 200 and claim.json()["claim_amount"] == "300.00"
    assert api_as(p.PARTNER_A_USER).get(f"/api/v1/shipment-exceptions/{exc_id}/").status_code in {403, 404}


def test_cross_territory_flags_list_and_review(shipped):
    flag = CrossTerritoryFlag.objects.get(order=shipped["a"].order)
    reviewer = api_as(p.DEPARTMENT_MANAGER)
    listed = reviewer.get("/api/v1/cross-territory-flags/?outcome=").json()
    assert flag.pk in [row["id"] for row in listed["results"]]
    assert api_as(p.PARTNER_A_USER).get(f"/api/v1/cross-territory-flags/{flag.pk}/").status_code in {403, 404}
    bad = reviewer.post(f"/api/v1/cross-territory-flags/{flag.pk}/review/", {"outcome": "fined", "note": "x"},
                        format="json")
    assert bad.status_code == 400
    done = reviewer.post(f"/api/v1/cross-territory-flags/{flag.pk}/review/",
                         {"outcome": "penalised", "note": "第二次窜货,扣返利"}, format="json")
    assert done.status_code == 200 and done.json()["outcome"] == "penalised"
    assert api_as(p.REGIONAL_MANAGER).post(f"/api/v1/cross-territory-flags/{flag.pk}/review/",
                                           {"outcome": "allowed", "note": "x"}, format="json").status_code in {403,
                                                                                                              404}


def test_lists_do_not_grow_queries_with_rows(shipped):
    ship(ready_order(partner_a(), quantities=(2,)), {1: 1})
    client = api_as(p.DIRECTOR)
    with max_queries(12):
        assert client.get("/api/v1/shipments/").json()["count"] >= 3
    with max_queries(10):
        client.get("/api/v1/cross-territory-flags/")
    with max_queries(12):
        client.get("/api/v1/branch-requests/")
