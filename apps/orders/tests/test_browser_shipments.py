"""Fulfilment in a real browser: an approved order shipped in two parts, signed for, and its 回单 recorded.
Screenshots land in var/screenshots/orders-shipment-*.png."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.testing.browser import log_in, screenshot

from ..models import Order
from .fulfilment_factories import partner_a, ready_order

pytestmark = pytest.mark.browser


@pytest.fixture
def order(transactional_db):
    return ready_order(partner_a(), quantities=(3,),
                       ship_to={"province_code": "110000", "city_code": "110100", "address": "中关村大街 1 号",
                                "receiver_name": "张三", "receiver_phone": "+8613812345678"})


def _ship(page, base, order, quantity: int, serials: list[str], tracking: str):
    page.goto(f"{base}/orders/{order.pk}/ship/")
    page.fill("#qty-1", str(quantity))
    page.fill("#serials-1", "\n".join(serials))
    page.fill("#carrier", "顺丰速运")
    page.fill("#tracking_number", tracking)
    page.click("#dispatch-shipment")
    expect(page.locator("#shipment-status")).to_have_attribute("data-status", "dispatched")


def test_an_order_ships_in_two_parts_is_signed_and_its_receipt_recorded(new_page, live_server, order):
    warehouse = new_page()
    log_in(warehouse, live_server.url, "warehouse", next_path=f"/orders/{order.pk}/ship/")
    expect(warehouse.locator("#shipment-form")).to_be_visible()
    screenshot(warehouse, "orders-shipment-form")

    _ship(warehouse, live_server.url, order, 2, ["UV1313-0001", "UV1313-0002"], "SF1001")
    first_url = warehouse.url
    assert Order.objects.get(pk=order.pk).status == "partially_shipped"
    _ship(warehouse, live_server.url, order, 1, ["UV1313-0003"], "SF1002")
    assert Order.objects.get(pk=order.pk).status == "shipped"

    # the receiver signs for the first part
    warehouse.goto(first_url)
    warehouse.click("#sign")
    warehouse.fill("#sign-modal input[name=signer]", "张三")
    warehouse.click("#sign-modal-submit")
    expect(warehouse.locator("#shipment-status")).to_have_attribute("data-status", "signed")
    expect(warehouse.locator("#signed")).to_contain_text("张三")

    # and the 回单 comes back
    warehouse.click("#receipt")
    warehouse.fill("#receipt-modal input[name=received_by]", "郑丽")
    warehouse.fill("#receipt-modal input[name=note]", "回单原件已归档")
    warehouse.click("#receipt-modal-submit")
    expect(warehouse.locator("#shipment-status")).to_have_attribute("data-status", "receipt_returned")
    expect(warehouse.locator("#receipt-returned")).to_contain_text(timezone.localdate().strftime("%Y-%m-%d"))
    screenshot(warehouse, "orders-shipment-receipt")

    warehouse.goto(f"{live_server.url}/orders/shipments/")
    expect(warehouse.locator("#shipment-table tbody tr")).to_have_count(2)
    expect(warehouse.locator("#shipment-table")).to_contain_text(re.compile(order.number))
    screenshot(warehouse, "orders-shipment-list")
