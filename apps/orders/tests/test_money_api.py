"""API of statements and returns: the permission matrix (anonymous, no permission, permitted, other partner → 404),
actions, downloads and query counts."""

import datetime

import pytest

from apps.orders.models import Statement
from apps.orders.services import statements as statement_services
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user, web_as

from .money_factories import invoice, partner_a, partner_b, payment, ready_order, ship

pytestmark = pytest.mark.django_db
CUTOFF = datetime.date(2026, 10, 27)


@pytest.fixture
def statements():
    alf, hx = partner_a(), partner_b()
    order = ready_order(alf, quantities=(1,))
    invoice(order, "96000", datetime.date(2026, 10, 5))
    payment(alf.customer, "50000", datetime.date(2026, 10, 20))
    statement_services.generate_statements(actor=None, cutoff=CUTOFF)
    return {"alf": Statement.objects.get(customer=alf.customer), "hx": Statement.objects.get(customer=hx.customer),
            "order": order}


def test_matrix_for_statements(statements):
    url = f"/api/v1/statements/{statements['alf'].pk}/"
    assert api_as(None).get(url).status_code in (401, 403)
    assert api_as(p.CS_AGENT).get(url).status_code == 403
    assert api_as(p.PARTNER_A_USER).get(url).status_code == 200
    assert api_as(p.PARTNER_B_USER).get(url).status_code == 404
    assert api_as("sales_admin").get(url).status_code == 200
    listed = api_as(p.PARTNER_B_USER).get("/api/v1/statements/").json()
    assert [row["id"] for row in listed["results"]] == [statements["hx"].pk]


def test_partner_confirms_its_statement_and_cannot_touch_anothers(statements):
    alf = statements["alf"]
    assert api_as(p.PARTNER_B_USER).post(f"/api/v1/statements/{alf.pk}/confirm/").status_code == 404
    assert api_as("sales_admin").post(f"/api/v1/statements/{alf.pk}/confirm/").status_code == 403
    response = api_as(p.PARTNER_A_USER).post(f"/api/v1/statements/{alf.pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    again = api_as(p.PARTNER_A_USER).post(f"/api/v1/statements/{alf.pk}/confirm/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    body = response.json()
    assert body["closing_balance"] == "46000.00" and body["lines"][0]["kind"] == "shipment"


def test_dispute_then_resolve_by_sales_admin(statements):
    hx = statements["hx"]
    assert api_as(p.PARTNER_B_USER).post(f"/api/v1/statements/{hx.pk}/dispute/", {}).status_code == 400
    assert api_as(p.PARTNER_B_USER).post(f"/api/v1/statements/{hx.pk}/dispute/",
                                         {"reason": "少记一笔回款"}).json()["status"] == "disputed"
    resolved = api_as("sales_admin").post(f"/api/v1/statements/{hx.pk}/resolve/", {"resolution": "已补记"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"


def test_downloads_are_scoped(statements):
    alf = statements["alf"]
    assert api_as(p.PARTNER_B_USER).get(f"/api/v1/statements/{alf.pk}/xlsx/").status_code == 404
    xlsx = api_as(p.PARTNER_A_USER).get(f"/api/v1/statements/{alf.pk}/xlsx/")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from core.pdf import cjk_font_available

    if cjk_font_available():
        pdf = web_as(p.PARTNER_A_USER).get(f"/orders/statements/{alf.pk}/pdf/download/")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_statement_list_has_no_n_plus_one(statements):
    client = api_as("sales_admin")
    with max_queries(8):
        assert client.get("/api/v1/statements/").status_code == 200


def test_return_api_flow_and_scope(statements):
    order = statements["order"]
    ship(order)
    line = order.lines.get()
    body = {"order": order.pk, "kind": "return", "reason": "overstock",
            "lines": [{"order_line": line.pk, "quantity": "1"}]}
    assert api_as(p.PARTNER_B_USER).post("/api/v1/returns/", body, format="json").status_code == 400
    created = api_as(p.PARTNER_A_USER).post("/api/v1/returns/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api_as(p.PARTNER_B_USER).get(f"/api/v1/returns/{pk}/").status_code == 404
    assert api_as(p.PARTNER_A_USER).post(f"/api/v1/returns/{pk}/approve/").status_code == 403
    line_id = created.json()["lines"][0]["id"]
    inspected = api_as("sales_admin").post(f"/api/v1/returns/{pk}/inspect/", {
        "findings": [{"line": line_id, "unsold": True, "unsoiled": True, "packaging_intact": True,
                      "undamaged": True}], "warehouse": order.warehouse_id}, format="json")
    assert inspected.status_code == 200 and inspected.json()["lines"][0]["outcome"] == "discounted"
    approved = api_as("sales_admin").post(f"/api/v1/returns/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["credit_amount"] == str((line.unit_price * 80 / 100).quantize(line.unit_price))
    assert api_as("sales_admin").post(f"/api/v1/returns/{pk}/approve/").status_code == 409


def test_pages_are_scoped(statements):
    alf = statements["alf"]
    assert web_as(p.PARTNER_A_USER).get(f"/orders/statements/{alf.pk}/").status_code == 200
    assert web_as(p.PARTNER_B_USER).get(f"/orders/statements/{alf.pk}/").status_code == 404
    assert web_as(p.PARTNER_A_USER).get("/orders/portal/").status_code == 200
    assert web_as(p.PARTNER_A_USER).get("/orders/returns/").status_code == 200
    assert web_as(p.PARTNER_A_USER).get("/orders/rebates/").status_code == 200
    assert web_as(p.DIRECTOR).get("/orders/plans/").status_code == 200
    assert web_as(p.DIRECTOR).get("/orders/plans/attainment/?by=product").status_code == 200
    assert web_as(p.DIRECTOR).get("/").status_code == 200
    assert web_as(p.PARTNER_A_USER).get("/orders/plans/").status_code == 403
    assert user(p.PARTNER_A_USER).has_perm("orders.confirm_statement")
