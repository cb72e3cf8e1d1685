"""The catalogue in a real browser: a stock count typed in with the keyboard, approved, and the stock updated;
the price calculator explaining a price. Screenshots land in var/screenshots/catalog-*.png."""

import re

import pytest
from playwright.sync_api import expect

from apps.catalog.models import StockLevel, Warehouse
from apps.catalog.seed import seed_demo
from core.testing.browser import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    seed_demo({})
    return Warehouse.objects.get(code="wh-new-parts")


def test_a_stock_count_is_typed_in_approved_and_books_the_differences(new_page, live_server, demo):
    store = demo
    wiper = StockLevel.objects.get(warehouse=store, product__sku="PI-WIPER")
    keeper = new_page()
    log_in(keeper, live_server.url, "parts_keeper", next_path=f"/catalog/warehouses/{store.pk}/")
    expect(keeper.locator("#stock-table tr.mc-low").first).to_be_visible()
    screenshot(keeper, "catalog-warehouse-stock")

    # given a new count of the new-parts store
    keeper.click("#start-count-link")
    expect(keeper.locator("#id_warehouse option:checked")).to_have_text("新件库")
    keeper.click("#start-count")
    inputs = keeper.locator("#count-lines .mc-count-input")
    expect(inputs.first).to_be_focused()

    # when every line is typed in, pressing Enter after each, with one wiper short
    rows = keeper.locator("#count-lines tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        book = float(row.get_attribute("data-book"))
        counted = book - 1 if row.get_attribute("data-sku") == "PI-WIPER" else book
        keeper.keyboard.type(f"{counted:g}")
        keeper.keyboard.press("Enter")
    wiper_row = keeper.locator("#count-lines tr[data-sku=PI-WIPER]")
    expect(wiper_row.locator(".mc-difference")).to_have_text("−1")
    screenshot(keeper, "catalog-count-entry")
    keeper.click("#submit-count")
    expect(keeper.locator("#count-status")).to_have_text(re.compile("已盘点|Counted"))
    expect(keeper.locator("#approve-count")).to_have_count(0)  # a counter cannot approve

    # then the after-sales manager sees the variance and approves
    manager = new_page()
    log_in(manager, live_server.url, "aftersales_manager", next_path=keeper.url.replace(live_server.url, ""))
    expect(manager.locator("#variance-count")).to_have_text("1")
    screenshot(manager, "catalog-count-review")
    manager.on("dialog", lambda dialog: dialog.accept())
    manager.click("#approve-count")
    expect(manager.locator("#count-status")).to_have_text(re.compile("已批准|已审批|Approved"))
    screenshot(manager, "catalog-count-approved")

    # and the store's stock now shows the counted quantity
    manager.goto(f"{live_server.url}/catalog/warehouses/{store.pk}/?q=PI-WIPER")
    expect(manager.locator("tr[data-sku=PI-WIPER] .mc-on-hand")).to_have_text(f"{wiper.on_hand - 1:f}".rstrip("0")
                                                                               .rstrip("."))


def test_the_price_calculator_explains_a_price(page, live_server, demo):
    log_in(page, live_server.url, "finance", next_path="/catalog/prices/calculator/")
    expect(page.locator("#quote-result .mc-empty")).to_be_visible()
    page.select_option("#id_tier", "agent")
    page.select_option("#id_grade", "A")
    page.select_option("#id_product", label="HC-UV1313 UV平板打印机 1313")
    page.fill("#id_quantity", "5")
    page.click("#calculate")
    steps = page.locator("#quote-steps li")
    expect(steps.first).to_contain_text("agent-")
    expect(page.locator("#quote-steps li[data-code=window]")).to_contain_text("旺季上浮")
    expect(page.locator("#quote-steps li[data-code=grade_discount]")).to_contain_text("A")
    expect(page.locator("#quote-unit-price")).to_have_text("¥92,887.20")
    expect(page.locator("#quote-floor")).to_have_text("¥84,480.00")
    assert re.search(r"tier=agent", page.url), "the quote's address can be shared"
    screenshot(page, "catalog-price-calculator")
    page.goto(f"{live_server.url}/catalog/products/?category=")
    expect(page.locator("#category-tree")).to_be_visible()
    screenshot(page, "catalog-products")

    # the product page shows its stock per warehouse and every tier's price, floor included for finance
    page.click("#product-table a:text('HC-UV1313')")
    expect(page.locator("#product-prices tr[data-tier=floor]")).to_contain_text("¥84,480.00")
    expect(page.locator("#product-stock tbody tr").first).to_be_visible()
    screenshot(page, "catalog-product-detail")
    page.goto(f"{live_server.url}/catalog/prices/")
    expect(page.locator("#price-tiers .card")).to_have_count(7)
    screenshot(page, "catalog-price-lists")
