"""Catalogue pages: rights decide what shows, HTMX gets only the table, forms go through the services."""

import pytest

from apps.catalog.models import PriceItem, StockCount, StockLevel
from core.testing import personas as p
from core.testing.helpers import max_queries, web_as

pytestmark = pytest.mark.django_db


def html(persona, url, **headers):
    response = web_as(persona).get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_is_sent_to_login():
    response = web_as(None).get("/catalog/products/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(("persona", "url"), [
    (p.NORTH_REP, "/catalog/warehouses/"), (p.NORTH_REP, "/catalog/stock-counts/"),
    (p.NORTH_REP, "/catalog/stock/move/receipt/"), (p.NORTH_REP, "/catalog/products/new/"),
    (p.NORTH_REP, "/catalog/prices/new/"), (p.PARTNER_A_USER, "/catalog/prices/calculator/"),
    ("warehouse", "/catalog/price-windows/new/"),
])
def test_pages_without_the_right_are_403(catalogue, persona, url):
    assert web_as(persona).get(url).status_code == 403


def test_the_menu_shows_the_catalog_section_by_right():
    rep, keeper = html(p.NORTH_REP, "/"), html("warehouse", "/")
    assert 'data-nav="catalog-products"' in rep and 'data-nav="catalog-stock"' not in rep
    assert 'data-nav="catalog-stock"' in keeper and 'data-nav="catalog-counts"' in keeper


def test_product_list_filters_by_category_tree_and_htmx_gets_the_table(catalogue):
    page = html(p.NORTH_REP, f"/catalog/products/?category={catalogue['printers'].pk}")
    assert 'id="category-tree"' in page and "HC-UV1313" in page and "INK-UV-C" not in page
    partial = html(p.NORTH_REP, "/catalog/products/?q=Gen5", HTTP_HX_REQUEST="true")
    assert "<table" in partial and "<html" not in partial and "PH-RICOH-G5" in partial and "HC-UV1313" not in partial


def test_product_detail_shows_stock_and_only_the_tiers_the_user_may_see(catalogue):
    url = f"/catalog/products/{catalogue['machine'].pk}/"
    rep, finance = html(p.NORTH_REP, url), html("finance", url)
    assert 'data-tier="agent"' in rep and 'data-tier="floor"' not in rep and 'data-tier="special_agent"' not in rep
    assert "84,480" not in rep
    assert 'data-tier="floor"' in finance and "¥84,480.00" in finance
    assert 'id="product-stock"' in finance and 'id="product-stock"' not in rep  # reps have no stock right


def test_product_history_tab_shows_changes(catalogue):
    web_as("sales_admin").post(f"/catalog/products/{catalogue['machine'].pk}/edit/", {
        "sku": "HC-UV1313", "name": "UV平板打印机 1313 Pro", "category": catalogue["uv"].pk, "unit": "machine",
        "warranty_months": 24, "reorder_level": "2"})
    page = html("sales_admin", f"/catalog/products/{catalogue['machine'].pk}/?tab=history")
    assert "1313 Pro" in page and "24" in page


def test_retiring_from_the_product_page(catalogue):
    client = web_as("sales_admin")
    client.post(f"/catalog/products/{catalogue['machine'].pk}/retire/", {"retired_on": "2030-01-01"})
    catalogue["machine"].refresh_from_db()
    assert catalogue["machine"].status == "retired"


def test_warehouse_page_highlights_low_stock_and_filters_by_htmx(catalogue):
    page = html("warehouse", f"/catalog/warehouses/{catalogue['hq'].pk}/")
    assert 'data-sku="INK-UV-C"' in page and "mc-low" in page and 'id="move-receipt"' in page
    partial = html("warehouse", f"/catalog/warehouses/{catalogue['hq'].pk}/?low=1", HTTP_HX_REQUEST="true")
    assert "<html" not in partial and "INK-UV-C" in partial and "HC-UV1313" not in partial
    clerk = html("hq_clerk", f"/catalog/warehouses/{catalogue['hq'].pk}/")
    assert 'id="move-receipt"' not in clerk  # clerks view stock only


def test_the_transfer_form_books_a_movement(catalogue):
    response = web_as("warehouse").post("/catalog/stock/move/transfer/", {
        "product": catalogue["machine"].pk, "warehouse": catalogue["hq"].pk,
        "to_warehouse": catalogue["store"].pk, "quantity": "2", "reference": "DB-1"})
    assert response.status_code == 302
    assert StockLevel.objects.get(product=catalogue["machine"], warehouse=catalogue["store"]).on_hand == 2


def test_an_oversell_shows_the_message_on_the_form(catalogue):
    response = web_as("warehouse").post("/catalog/stock/move/issue/", {
        "product": catalogue["ink"].pk, "warehouse": catalogue["hq"].pk, "quantity": "40"})
    assert response.status_code == 200 and "35" in response.content.decode()


def test_ledger_lists_movements_with_the_balance_after(catalogue):
    page = html("warehouse", f"/catalog/stock/ledger/?product={catalogue['ink'].pk}")
    assert "XS-1" in page and "RK-TEST" in page


def test_stock_count_screens_enter_submit_and_approve(catalogue):
    keeper = web_as("parts_keeper")
    response = keeper.post("/catalog/stock-counts/new/", {"warehouse": catalogue["store"].pk})
    count = StockCount.objects.get()
    assert response["Location"] == f"/catalog/stock-counts/{count.pk}/"
    line = count.lines.get()
    entry = html("parts_keeper", f"/catalog/stock-counts/{count.pk}/")
    assert f'name="line-{line.pk}"' in entry and 'id="submit-count"' in entry
    keeper.post(f"/catalog/stock-counts/{count.pk}/submit/", {f"line-{line.pk}": "3"})
    review = html("aftersales_manager", f"/catalog/stock-counts/{count.pk}/")
    assert 'id="approve-count"' in review and "mc-diff-neg" in review and f'name="line-{line.pk}"' not in review
    web_as("aftersales_manager").post(f"/catalog/stock-counts/{count.pk}/approve/")
    assert StockLevel.objects.get(product=catalogue["part"], warehouse=catalogue["store"]).on_hand == 3


def test_a_counter_cannot_approve(catalogue):
    web_as("parts_keeper").post("/catalog/stock-counts/new/", {"warehouse": catalogue["store"].pk})
    count = StockCount.objects.get()
    assert web_as("parts_keeper").post(f"/catalog/stock-counts/{count.pk}/approve/").status_code == 403


def test_price_lists_page_groups_visible_tiers_with_versions(catalogue):
    rep = html(p.NORTH_REP, "/catalog/prices/")
    assert 'data-tier="agent"' in rep and 'data-tier="floor"' not in rep
    floor = catalogue["lists"]["floor"]
    assert web_as(p.NORTH_REP).get(f"/catalog/prices/{floor.pk}/").status_code == 404


def test_price_items_are_edited_in_place(catalogue):
    agent = catalogue["lists"]["agent"]
    item = agent.items.get(min_quantity=1)
    web_as("sales_admin").post(f"/catalog/prices/{agent.pk}/items/{item.pk}/", {
        "product": item.product_id, "min_quantity": "1", "unit_price": "95000"})
    assert str(PriceItem.objects.get(pk=item.pk).unit_price) == "95000.00"
    web_as("sales_admin").post(f"/catalog/prices/{agent.pk}/items/{item.pk}/", {"action": "delete"})
    assert not PriceItem.objects.filter(pk=item.pk).exists()


def test_price_calculator_shows_the_price_and_its_explanation(catalogue):
    url = (f"/catalog/prices/calculator/?tier=agent&grade=A&product={catalogue['machine'].pk}&quantity=1"
           f"&date={catalogue['today']:%Y-%m-%d}")
    page = html(p.NORTH_REP, url, HTTP_HX_REQUEST="true")
    assert "<html" not in page and 'id="quote-steps"' in page and "¥95,760.00" in page and "旺季上浮" in page
    refused = html(p.NORTH_REP, url.replace("tier=agent", "tier=floor"), HTTP_HX_REQUEST="true")
    assert 'id="quote-error"' in refused


@pytest.mark.parametrize(("persona", "url", "limit"), [
    (p.NORTH_REP, "/catalog/products/", 20), ("warehouse", "/catalog/warehouses/", 20),
    (p.DIRECTOR, "/catalog/prices/", 20), ("warehouse", "/catalog/stock/ledger/", 20),
    ("warehouse", "/catalog/stock-counts/", 20), (p.DIRECTOR, "/catalog/price-windows/", 20),
])
def test_pages_have_no_n_plus_one(catalogue, persona, url, limit):
    client = web_as(persona)
    client.get(url)
    with max_queries(limit):
        assert client.get(url).status_code == 200


def test_warehouse_page_query_count(catalogue):
    client = web_as("warehouse")
    url = f"/catalog/warehouses/{catalogue['hq'].pk}/"
    client.get(url)
    with max_queries(20):
        assert client.get(url).status_code == 200
