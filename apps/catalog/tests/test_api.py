"""Catalogue API: the anonymous / no-right / permitted / missing matrix, confidential prices, writes, queries."""

import pytest
from rest_framework.test import APIClient

from apps.catalog.models import PriceList, StockCount, StockLevel, StockMovement
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/products/", "/api/v1/categories/", "/api/v1/warehouses/", "/api/v1/stock/",
         "/api/v1/stock-movements/", "/api/v1/stock-counts/", "/api/v1/price-lists/", "/api/v1/price-windows/"]
CONFIDENTIAL = {"special_agent", "special_distributor", "floor"}


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/catalog/price-quote/?tier=agent&product=1"])
def test_anonymous_calls_are_401(url):
    response = APIClient().get(url)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("persona", "url"), [
    (p.PARTNER_A_USER, "/api/v1/stock/"), (p.PARTNER_A_USER, "/api/v1/price-lists/"),
    (p.NORTH_REP, "/api/v1/stock/"), (p.NORTH_REP, "/api/v1/stock-movements/"),
    (p.NORTH_REP, "/api/v1/stock-counts/"), (p.PARTNER_A_USER, "/api/v1/catalog/price-quote/?tier=agent&product=1"),
])
def test_roles_without_the_right_get_403(catalogue, persona, url):
    response = api_as(persona).get(url)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(("persona", "url"), [
    (p.NORTH_REP, "/api/v1/products/"), (p.NORTH_REP, "/api/v1/price-lists/"), (p.CS_AGENT, "/api/v1/categories/"),
    ("warehouse", "/api/v1/stock/"), ("hq_clerk", "/api/v1/stock/"), ("branch_clerk", "/api/v1/warehouses/"),
    ("parts_keeper", "/api/v1/stock-counts/"), ("finance", "/api/v1/price-windows/"),
])
def test_permitted_roles_read(catalogue, persona, url):
    assert api_as(persona).get(url).status_code == 200


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_answers_404(catalogue, guess):
    for base in ["/api/v1/products/", "/api/v1/stock/", "/api/v1/price-lists/", "/api/v1/stock-counts/"]:
        assert api_as(p.DIRECTOR).get(f"{base}{guess}/").status_code == 404


def test_products_filter_by_category_subtree_sku_status_spare_and_search(catalogue):
    client = api_as(p.NORTH_REP)
    skus = lambda query: {r["sku"] for r in client.get(f"/api/v1/products/?{query}").json()["results"]}  # noqa
    assert skus(f"category={catalogue['printers'].pk}") == {"HC-UV1313"}
    assert skus("sku=ink-uv-c") == {"INK-UV-C"}
    assert skus("is_spare_part=true") == {"PH-RICOH-G5"}
    assert skus("status=retired") == set()
    assert skus("search=Gen5") == {"PH-RICOH-G5"}


def test_stock_shows_decimal_strings_and_filters_low_stock(catalogue):
    client = api_as("warehouse")
    row = client.get(f"/api/v1/stock/?product={catalogue['ink'].pk}").json()["results"][0]
    assert (row["on_hand"], row["reserved"], row["available"], row["is_low"]) == ("45.000", "10.000", "35.000", True)
    low = {r["product_sku"] for r in client.get("/api/v1/stock/?low=true").json()["results"]}
    assert low == {"INK-UV-C", "PH-RICOH-G5"}
    assert client.get(f"/api/v1/stock/?warehouse={catalogue['store'].pk}").json()["count"] == 1


def test_sales_reps_never_see_confidential_tiers(catalogue):
    client = api_as(p.NORTH_REP)
    tiers = {r["tier"] for r in client.get("/api/v1/price-lists/").json()["results"]}
    assert tiers and not tiers & CONFIDENTIAL
    floor = catalogue["lists"]["floor"]
    assert client.get(f"/api/v1/price-lists/{floor.pk}/").status_code == 404
    assert client.get("/api/v1/price-lists/?tier=floor").json()["count"] == 0
    finance = {r["tier"] for r in api_as("finance").get("/api/v1/price-lists/").json()["results"]}
    assert finance >= CONFIDENTIAL


def quote(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/api/v1/catalog/price-quote/?{query}")


def test_price_quote_explains_each_step(catalogue):
    body = quote(api_as(p.NORTH_REP), tier="agent", grade="A", product=catalogue["machine"].pk, quantity=5).json()
    assert body["unit_price"] == "92887.20"  # 93,120 × 1.05 (peak) × 0.95 (grade A), floor 84,480 not reached
    assert body["list_price"] == "93120.00" and body["line_total"] == "464436.00"
    assert [s["code"] for s in body["explanation"]] == [
        "price_list", "quantity_break", "window", "grade_discount", "result"]
    assert body["floor_price"] is None  # a rep may not see the floor


def test_price_quote_shows_the_floor_only_with_the_confidential_right(catalogue):
    assert quote(api_as("finance"), tier="agent", product=catalogue["machine"].pk).json()["floor_price"] == \
        "84480.00"
    response = quote(api_as(p.NORTH_REP), tier="floor", product=catalogue["machine"].pk)
    assert response.status_code == 400 and "tier" in response.json()["fields"]


def test_price_quote_errors_have_stable_codes(catalogue):
    client = api_as(p.DIRECTOR)
    no_price = quote(client, tier="distributor", product=catalogue["part"].pk)
    assert no_price.status_code == 400 and no_price.json()["code"] == "no_price"
    past = quote(client, tier="agent", product=catalogue["machine"].pk, date="2000-01-01")
    assert past.json()["code"] == "not_on_sale"
    assert quote(client, tier="agent", product=999999).status_code == 400


def test_price_quote_uses_a_handful_of_queries(catalogue):
    client = api_as(p.DIRECTOR)
    quote(client, tier="agent", product=catalogue["machine"].pk)
    with max_queries(12):
        assert quote(client, tier="agent", product=catalogue["machine"].pk).status_code == 200


# -- writes --------------------------------------------------------------------------------------------------

def test_catalogue_managers_create_and_change_products_and_reps_cannot(catalogue):
    body = {"sku": "HC-UV6090", "name": "UV平板打印机 6090", "category": catalogue["uv"].pk, "unit": "machine",
            "warranty_months": 12, "is_serial_tracked": True}
    assert api_as(p.NORTH_REP).post("/api/v1/products/", body, format="json").status_code == 403
    created = api_as("sales_admin").post("/api/v1/products/", body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "active"
    pk = created.json()["id"]
    patched = api_as("sales_admin").patch(f"/api/v1/products/{pk}/", {"warranty_months": 18}, format="json")
    assert patched.json()["warranty_months"] == 18
    retired = api_as("sales_admin").post(f"/api/v1/products/{pk}/retire/", {}, format="json").json()
    assert retired["status"] == "retired"
    again = api_as("sales_admin").post(f"/api/v1/products/{pk}/retire/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    duplicate = api_as("sales_admin").post("/api/v1/products/", body, format="json")
    assert duplicate.status_code == 400 and "sku" in duplicate.json()["fields"]


def test_store_keepers_post_movements_and_overselling_is_a_409(catalogue):
    client = api_as("warehouse")
    machine, hq, store = catalogue["machine"], catalogue["hq"], catalogue["store"]
    base = {"product": machine.pk, "warehouse": hq.pk}
    assert client.post("/api/v1/stock-movements/", {**base, "kind": "receipt", "quantity": "2",
                                                    "reference": "RK1"}, format="json").status_code == 201
    transfer = client.post("/api/v1/stock-movements/", {**base, "kind": "transfer", "quantity": "3",
                                                        "to_warehouse": store.pk}, format="json").json()
    assert transfer["kind"] == "transfer_out" and transfer["related_movement"]
    issue = client.post("/api/v1/stock-movements/", {**base, "kind": "issue", "quantity": "5"}, format="json")
    assert issue.status_code == 409 and issue.json()["code"] == "insufficient_stock"
    adjust = client.post("/api/v1/stock-movements/", {**base, "kind": "adjustment", "quantity": "-1"}, format="json")
    assert adjust.status_code == 400 and "note" in adjust.json()["fields"]
    assert client.post("/api/v1/stock-movements/", {**base, "kind": "transfer", "quantity": "1"},
                       format="json").json()["fields"] == {"to_warehouse": ["Choose the warehouse to transfer to."]}
    assert StockLevel.objects.get(product=machine, warehouse=hq).on_hand == 4
    rep = api_as(p.NORTH_REP).post("/api/v1/stock-movements/", {**base, "kind": "receipt", "quantity": "1"},
                                   format="json")
    assert rep.status_code == 403


def test_movements_cannot_be_changed_or_deleted(catalogue):
    movement = StockMovement.objects.first()
    client = api_as(p.ADMIN)
    assert client.patch(f"/api/v1/stock-movements/{movement.pk}/", {"on_hand_delta": "9"}).status_code == 405
    assert client.delete(f"/api/v1/stock-movements/{movement.pk}/").status_code == 405


def test_the_stock_count_flow_over_the_api(catalogue):
    keeper, approver = api_as("parts_keeper"), api_as("aftersales_manager")
    count = keeper.post("/api/v1/stock-counts/", {"warehouse": catalogue["store"].pk}, format="json").json()
    line = count["lines"][0]
    assert (line["product_sku"], line["system_qty"], line["counted_qty"]) == ("PH-RICOH-G5", "4.000", None)
    url = f"/api/v1/stock-counts/{count['id']}/"
    assert keeper.post(f"{url}submit/").json()["code"] == "invalid"  # a line is still uncounted
    counted = keeper.patch(url, {"lines": [{"id": line["id"], "counted_qty": "3"}]}, format="json").json()
    assert counted["lines"][0]["difference"] == "-1.000"
    assert keeper.post(f"{url}submit/").json()["status"] == "counted"
    assert keeper.post(f"{url}approve/").status_code == 403
    assert approver.post(f"{url}reject/", {}, format="json").status_code == 400
    assert approver.post(f"{url}approve/").json()["status"] == "approved"
    again = approver.post(f"{url}approve/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    assert StockLevel.objects.get(product=catalogue["part"], warehouse=catalogue["store"]).on_hand == 3


def test_pricing_admins_manage_versioned_lists_with_items(catalogue):
    client = api_as("sales_admin")
    body = {"code": "agent-next", "name": "一般代理商价 新版", "tier": "agent", "effective_from": "2099-01-01",
            "items": [{"product": catalogue["machine"].pk, "unit_price": "99000"},
                      {"product": catalogue["machine"].pk, "min_quantity": "5", "unit_price": "96000"}]}
    created = client.post("/api/v1/price-lists/", body, format="json")
    assert created.status_code == 201 and len(created.json()["items"]) == 2
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/price-lists/{pk}/", {"items": [
        {"product": catalogue["machine"].pk, "unit_price": "98000"}]}, format="json").json()
    assert [i["unit_price"] for i in patched["items"]] == ["98000.00"]
    assert api_as(p.NORTH_REP).post("/api/v1/price-lists/", {**body, "code": "x"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/price-lists/{pk}/").status_code == 204
    assert not PriceList.objects.filter(pk=pk).exists()


def test_windows_are_written_by_pricing_admins(catalogue):
    body = {"name": "淡季促销", "kind": "off_season", "starts_on": "2099-03-01", "ends_on": "2099-04-30",
            "category": catalogue["printers"].pk, "percent": "-8"}
    created = api_as("marketing_director").post("/api/v1/price-windows/", body, format="json")
    assert created.status_code == 201 and created.json()["percent"] == "-8.00"
    bad = api_as("marketing_director").post("/api/v1/price-windows/", {**body, "percent": None}, format="json")
    assert bad.status_code == 400 and "percent" in bad.json()["fields"]
    assert api_as(p.NORTH_REP).post("/api/v1/price-windows/", body, format="json").status_code == 403


@pytest.mark.parametrize(("url", "limit"), [("/api/v1/products/", 10), ("/api/v1/stock/", 10),
                                             ("/api/v1/stock-movements/", 10), ("/api/v1/price-lists/", 10),
                                             ("/api/v1/stock-counts/", 10), ("/api/v1/warehouses/", 10)])
def test_lists_have_no_n_plus_one(catalogue, url, limit):
    client = api_as(p.DIRECTOR)
    client.get(url)
    with max_queries(limit):
        assert client.get(url).status_code == 200


def test_schema_documents_the_catalogue(catalogue):
    schema = api_as(p.DIRECTOR).get("/api/schema/?format=json").json()
    for path in ["/api/v1/products/", "/api/v1/stock/", "/api/v1/stock-counts/{id}/approve/",
                 "/api/v1/catalog/price-quote/", "/api/v1/price-lists/{id}/"]:
        assert path in schema["paths"]
    assert StockCount.objects.count() == 0
