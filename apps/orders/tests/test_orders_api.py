"""Orders, payments, receivables and price-resolution API: the permission matrix, scope (404), idempotency, the
contract's field names and no N+1 on lists."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from ..choices import OrderStatus
from ..models import Order, Payment
from ..services import orders as services
from ..services import receivables as ar
from .factories_orders import make_alf, make_catalogue, make_hx, make_order, plain_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cat = make_catalogue(stock=5)
    alf, hx = make_alf(credit_limit=D("200000")), make_hx()
    return {**cat, "alf": alf, "hx": hx, "alf_order": make_order(alf.customer, cat["machine"], 1),
            "hx_order": make_order(hx.customer, cat["machine"], 1)}


def _body(world, **extra):
    return {"customer": world["alf"].customer.pk, "lines": [{"product": world["machine"].pk, "quantity": "1"}],
            **extra}


# -- matrix -------------------------------------------------------------------------------------------------------


def test_anonymous_is_refused(world):
    assert api_as(None).get("/api/v1/orders/").status_code in (401, 403)
    assert api_as(None).post("/api/v1/orders/", _body(world), format="json").status_code in (401, 403)


def test_a_role_without_order_rights_gets_403(world):
    assert api_as(p.HR).get("/api/v1/orders/").status_code == 403
    assert api_as(p.HR).get(f"/api/v1/orders/{world['alf_order'].pk}/").status_code == 403
    assert api_as(p.HR).get("/api/v1/payments/").status_code == 403


@pytest.mark.parametrize(("persona", "sees"), [
    (p.PARTNER_A_USER, {"alf"}), (p.PARTNER_B_USER, {"hx"}), (p.NORTH_REP, {"alf"}), (p.SOUTH_REP, {"hx"}),
    (p.DIRECTOR, {"alf", "hx"}), ("sales_admin", {"alf", "hx"}), (p.REGIONAL_MANAGER, {"alf"}),
])
def test_each_persona_lists_exactly_its_orders(world, persona, sees):
    numbers = {o["number"] for o in api_as(persona).get("/api/v1/orders/?page_size=500").json()["results"]}
    expected = {world[f"{k}_order"].number for k in sees}
    others = {world[f"{k}_order"].number for k in {"alf", "hx"} - sees}
    assert expected <= numbers and not (others & numbers)


@pytest.mark.parametrize("persona", [p.PARTNER_B_USER, p.SOUTH_REP])
def test_another_scope_opening_an_order_by_id_gets_404(world, persona):
    client = api_as(persona)
    pk = world["alf_order"].pk
    assert client.get(f"/api/v1/orders/{pk}/").status_code == 404
    assert client.post(f"/api/v1/orders/{pk}/submit/").status_code == 404
    assert client.post(f"/api/v1/orders/{pk}/cancel/", {"reason": "x"}, format="json").status_code == 404


def test_the_warehouse_sees_only_released_orders(world):
    client = api_as("warehouse")
    assert client.get(f"/api/v1/orders/{world['alf_order'].pk}/").status_code == 404
    order = services.submit_order(actor=user("sales_admin"), order=world["alf_order"])
    order.payment_mode = "credit"
    services.approve_order(actor=user("sales_admin"), order=order)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.READY_TO_SHIP)
    assert client.get(f"/api/v1/orders/{order.pk}/").status_code == 200
    assert client.post("/api/v1/orders/", _body(world), format="json").status_code == 403


# -- contract ---------------------------------------------------------------------------------------------------


def test_a_partner_user_orders_at_its_tier_price_in_the_portal(world):
    response = api_as(p.PARTNER_A_USER).post("/api/v1/orders/", _body(world, ship_to={
        "province_code": "110000", "city_code": "110100", "district_code": "110105", "address": "望京街1号",
        "receiver_name": "艾礼富", "receiver_phone": "13800001111"}), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["channel"], data["price_tier"]) == ("draft", "portal", "agent")
    assert data["lines"][0]["unit_price"] == "91200.00" and data["total_amount"] == "91200.00"
    assert data["lines"][0]["floor_price"] is None  # the floor is confidential
    assert data["ship_to"]["province"] == "北京市" and data["ship_to"]["address"] == "望京街1号"
    assert "hold_reason" in data


def test_a_partner_user_cannot_order_for_another_customer(world):
    body = _body(world, customer=world["hx"].customer.pk)
    response = api_as(p.PARTNER_A_USER).post("/api/v1/orders/", body, format="json")
    assert response.status_code == 400 and "customer" in response.json()["fields"]


def test_create_with_an_idempotency_key_makes_one_order(world):
    client = api_as(p.PARTNER_A_USER)
    before = Order.objects.count()
    first = client.post("/api/v1/orders/", _body(world), format="json", HTTP_IDEMPOTENCY_KEY="po-778")
    again = client.post("/api/v1/orders/", _body(world), format="json", HTTP_IDEMPOTENCY_KEY="po-778")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == before + 1
    other = client.post("/api/v1/orders/", _body(world, notes="x"), format="json", HTTP_IDEMPOTENCY_KEY="po-778")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_submit_is_idempotent_and_shows_the_hold_reason(world):
    client = api_as("sales_admin")
    pk = world["alf_order"].pk
    Order.objects.filter(pk=pk).update(payment_mode="credit")
    ar.post_invoice(actor=user("finance"), order=world["hx_order"], amount=D("1"), on=timezone.localdate(),
                    reference="x")  # another customer's invoice does not matter
    first = client.post(f"/api/v1/orders/{pk}/submit/")
    second = client.post(f"/api/v1/orders/{pk}/submit/")
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == second.json()["status"] == "submitted"
    assert first.json()["delivery_rule"] == "within_quota" and first.json()["promised_date"]


def test_approve_and_cancel_answer_409_when_the_state_does_not_allow(world):
    client = api_as("sales_admin")
    pk = world["alf_order"].pk
    response = client.post(f"/api/v1/orders/{pk}/approve/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "not_awaiting_approval"
    assert client.post(f"/api/v1/orders/{pk}/cancel/", {"reason": ""}, format="json").status_code == 400
    cancelled = client.post(f"/api/v1/orders/{pk}/cancel/", {"reason": "客户取消"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.post(f"/api/v1/orders/{pk}/cancel/", {"reason": "again"}, format="json").status_code == 409


def test_a_rep_may_not_approve(world):
    services.submit_order(actor=user(p.NORTH_REP), order=world["alf_order"])
    assert api_as(p.NORTH_REP).post(f"/api/v1/orders/{world['alf_order'].pk}/approve/").status_code == 403


def test_a_credit_hold_lifted_by_a_payment_then_approved(world):
    alf, machine = world["alf"], world["machine"]
    client = api_as("sales_admin")
    big = client.post("/api/v1/orders/", {"customer": alf.customer.pk, "payment_mode": "credit",
                                          "lines": [{"product": machine.pk, "quantity": "3"}]}, format="json").json()
    held = client.post(f"/api/v1/orders/{big['id']}/submit/").json()
    assert held["status"] == "on_hold" and held["hold_kind"] == "credit" and held["hold_reason"]
    assert client.post(f"/api/v1/orders/{big['id']}/approve/").json()["code"] == "credit_hold"
    paid = api_as("finance").post("/api/v1/payments/", {"customer": alf.customer.pk, "amount": "100000.00",
                                                        "method": "bank_transfer", "reference": "招行回单 0091"},
                                  format="json", HTTP_IDEMPOTENCY_KEY="pay-1")
    assert paid.status_code == 201, paid.json()
    assert client.get(f"/api/v1/orders/{big['id']}/").json()["status"] == "submitted"
    approved = client.post(f"/api/v1/orders/{big['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "ready_to_ship"


def test_payments_are_idempotent(world):
    client = api_as("finance")
    body = {"customer": world["alf"].customer.pk, "amount": "5000.00", "reference": "BANK-9"}
    first = client.post("/api/v1/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="bank-9")
    again = client.post("/api/v1/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="bank-9")
    assert first.json()["id"] == again.json()["id"]
    assert Payment.objects.filter(reference="BANK-9").count() == 1
    assert api_as(p.NORTH_REP).post("/api/v1/payments/", body, format="json").status_code == 403


def test_prices_resolve_returns_the_contract_fields(world):
    response = api_as(p.PARTNER_A_USER).get(
        "/api/v1/prices/resolve/", {"customer": world["alf"].customer.pk, "product": world["machine"].pk,
                                    "quantity": "1", "date": timezone.localdate().isoformat()})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["unit_price"] == "91200.00" and data["floor_price"] is None and data["explanation"]
    staff = api_as("sales_admin").get("/api/v1/prices/resolve/", {"customer": world["alf"].customer.pk,
                                                                  "product": world["machine"].pk, "quantity": 5})
    assert staff.json()["unit_price"] == "88464.00" and staff.json()["floor_price"] == "84480.00"
    other = api_as(p.PARTNER_A_USER).get("/api/v1/prices/resolve/", {"customer": world["hx"].customer.pk,
                                                                     "product": world["machine"].pk})
    assert other.status_code == 404


def test_aging_and_documents(world):
    order = world["alf_order"]
    ar.post_invoice(actor=user("finance"), order=order, amount=D("1000"), on=timezone.localdate(), reference="FH")
    data = api_as("finance").get("/api/v1/ar-documents/aging/").json()
    assert [b["label"] for b in data["buckets"]] == ["0–30", "31–60", "61–90", ">90"]
    assert data["buckets"][0]["amount"] == "1000.00"
    assert api_as(p.PARTNER_B_USER).get("/api/v1/ar-documents/").json()["count"] == 0
    assert api_as(p.PARTNER_A_USER).get("/api/v1/ar-documents/").json()["count"] == 1


def test_order_list_does_not_grow_queries_with_rows(world):
    customer = plain_customer()
    for _n in range(6):
        make_order(customer, world["machine"], 1)
    client = api_as("sales_admin")
    with max_queries(12):
        response = client.get("/api/v1/orders/?page_size=50")
    assert response.json()["count"] >= 8
