"""Order and receivables pages: list (HTMX partial, export audited), entry form with live price, detail actions,
approval queue, payments, aging, ledger, the customer-360 panel; scope 404s and role 403s."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from core.models.audit import AuditEvent
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from ..choices import OrderStatus
from ..models import Order
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


def test_list_page_and_htmx_table(world):
    client = web_as("sales_admin")
    page = client.get("/orders/")
    assert page.status_code == 200 and world["alf_order"].number in page.content.decode()
    partial = client.get("/orders/?status=draft", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and world["hx_order"].number.encode() in partial.content


def test_list_does_not_grow_queries_with_rows(world):
    customer = plain_customer()
    for _n in range(8):
        make_order(customer, world["machine"])
    client = web_as("sales_admin")
    client.get("/orders/")
    with max_queries(25):
        assert client.get("/orders/").status_code == 200


def test_export_is_audited_and_needs_the_right(world):
    response = web_as("sales_admin").get("/orders/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="export").exists()
    assert web_as(p.NORTH_REP).get("/orders/?export=xlsx").status_code == 403


def test_scope_on_pages(world):
    assert web_as(p.PARTNER_B_USER).get(f"/orders/{world['alf_order'].pk}/").status_code == 404
    assert web_as(p.PARTNER_A_USER).get(f"/orders/{world['alf_order'].pk}/").status_code == 200
    assert web_as(p.HR).get("/orders/").status_code == 403


def test_entry_form_creates_and_submits_an_order(world):
    client = web_as("sales_admin")
    assert client.get("/orders/new/").status_code == 200
    data = {"customer": world["alf"].customer.pk, "channel": "phone", "payment_mode": "prepayment",
            "province_code": "110000", "city_code": "110100", "district_code": "110105", "address": "望京街1号",
            "receiver_name": "王五", "receiver_phone": "13800001111", "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0", "lines-0-product": world["machine"].pk, "lines-0-quantity": "2",
            "submit": "1"}
    response = client.post("/orders/new/", data)
    assert response.status_code == 302
    order = Order.objects.latest("id")
    assert order.status == OrderStatus.SUBMITTED and order.total_amount == D("182400.00")
    assert order.ship_to_district == "朝阳区"
    assert "182,400.00" in client.get(f"/orders/{order.pk}/").content.decode()


def test_entry_form_shows_errors_without_lines(world):
    data = {"customer": world["alf"].customer.pk, "channel": "phone", "payment_mode": "prepayment",
            "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0"}
    response = web_as("sales_admin").post("/orders/new/", data)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_price_preview_explains_the_price(world):
    response = web_as("sales_admin").get("/orders/price-preview/", {
        "customer": world["alf"].customer.pk, "row": "lines-0", "lines-0-product": world["machine"].pk,
        "lines-0-quantity": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "91,200.00" in response.content.decode()


def test_detail_actions_submit_approve_cancel(world):
    client = web_as("sales_admin")
    pk = world["alf_order"].pk
    assert client.post(f"/orders/{pk}/do/submit/").status_code == 302
    assert Order.objects.get(pk=pk).status == OrderStatus.SUBMITTED
    client.post(f"/orders/{pk}/do/approve/")
    assert Order.objects.get(pk=pk).status == OrderStatus.AWAITING_PAYMENT
    client.post(f"/orders/{pk}/do/cancel/", {"reason": "客户取消"})
    assert Order.objects.get(pk=pk).status == OrderStatus.CANCELLED
    timeline = client.get(f"/orders/{pk}/?tab=timeline").content.decode()
    assert "客户取消" in timeline
    assert client.get(f"/orders/{pk}/?tab=history").status_code == 200


def test_approval_queue_shows_holds_with_reasons(world):
    order = services.create_order(actor=user("sales_admin"), customer=world["alf"].customer, payment_mode="credit",
                                  lines=[{"product": world["machine"], "quantity": 3}])
    services.submit_order(actor=user("sales_admin"), order=order)
    page = web_as("sales_admin").get("/orders/approvals/").content.decode()
    assert order.number in page and Order.objects.get(pk=order.pk).hold_reason[:20] in page
    assert web_as(p.NORTH_REP).get("/orders/approvals/").status_code == 403


def test_payments_receivables_and_ledger(world):
    order = world["alf_order"]
    ar.post_invoice(actor=user("finance"), order=order, amount=D("1000"), on=timezone.localdate(), reference="FH")
    client = web_as("finance")
    response = client.post("/orders/payments/new/", {"customer": world["alf"].customer.pk, "amount": "400",
                                                      "received_on": timezone.localdate().isoformat(),
                                                      "method": "bank_transfer", "reference": "BANK-77"})
    assert response.status_code == 302
    assert "BANK-77" in client.get("/orders/payments/").content.decode()
    aging = client.get("/orders/receivables/").content.decode()
    assert "aging-chart" in aging and "600.00" in aging
    ledger = client.get(f"/orders/receivables/{world['alf'].customer.pk}/").content.decode()
    assert "600.00" in ledger
    assert web_as(p.PARTNER_B_USER).get(f"/orders/receivables/{world['alf'].customer.pk}/").status_code == 404
    assert web_as(p.NORTH_REP).get("/orders/payments/new/").status_code == 403


def test_customer_360_panel_lists_orders(world):
    page = web_as(p.NORTH_REP).get(f"/customers/{world['alf'].customer.pk}/?tab=orders").content.decode()
    assert world["alf_order"].number in page
