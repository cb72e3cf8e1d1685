"""Order entry → credit hold → payment lifts the hold → approval, in a real browser. The partner orders in the
portal at its tier price (live price with its explanation), the order goes on credit hold, finance records the
payment, the sales admin approves it from the approval queue and it is released for shipping with stock reserved.
Screenshots land in var/screenshots/orders-*.png."""

import datetime
from decimal import Decimal as D
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from apps.catalog.models import StockLevel
from core.testing import personas
from core.testing.browser import log_in, screenshot
from core.testing.helpers import user

from ..models import Order
from ..services import receivables as ar
from .factories_orders import make_alf, make_catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _work_calendars(transactional_db):
    import_module("core.migrations.0002_seed_work_calendars").seed(django_apps, None)


def test_portal_order_held_for_credit_then_paid_and_approved(new_page, live_server):
    cat = make_catalogue(stock=5)
    alf = make_alf(credit_limit=D("200000"))
    today = timezone.localdate()
    ar.post_opening_invoice(actor=user("finance"), customer=alf.customer, amount=D("60000"),
                            on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=20),
                            reference="期初应收")

    # given the partner's buyer entering an order for two printers on credit in the portal
    buyer = new_page()
    log_in(buyer, live_server.url, personas.PARTNER_A_USER, next_path="/orders/new/")
    buyer.select_option("#id_customer", str(alf.customer.pk))
    buyer.select_option("#id_payment_mode", "credit")
    buyer.select_option("#id_lines-0-product", str(cat["machine"].pk))
    buyer.fill("#id_lines-0-quantity", "2")
    buyer.locator("#id_lines-0-quantity").dispatch_event("change")
    # then the live price shows the agent price with the grade discount, and how it was reached
    expect(buyer.locator("#price-lines-0")).to_contain_text("¥91,200.00")
    expect(buyer.locator("#price-lines-0 li").first).to_be_visible()
    screenshot(buyer, "orders-entry")
    buyer.click("#submit-order")

    # then the order is on hold for credit, with the reason in numbers
    expect(buyer.locator("#order-status")).to_have_attribute("data-status", "on_hold")
    expect(buyer.locator("#hold-reason")).to_contain_text("¥182,400.00")
    expect(buyer.locator("#order-total")).to_contain_text("¥182,400.00")
    screenshot(buyer, "orders-credit-hold")
    order = Order.objects.get(customer=alf.customer)

    # when finance records the partner's payment of the open invoice
    finance = new_page()
    log_in(finance, live_server.url, "finance", next_path=f"/orders/payments/new/?customer={alf.customer.pk}")
    finance.fill("#id_amount", "60000")
    finance.fill("#id_reference", "招商银行回单 0091")
    finance.click("#save-payment")
    expect(finance.locator("#payments")).to_contain_text("招商银行回单 0091")

    # then the sales admin finds it back in the approval queue and approves it
    admin = new_page()
    log_in(admin, live_server.url, "sales_admin", next_path="/orders/approvals/")
    expect(admin.locator("#approval-queue")).to_contain_text(order.number)
    screenshot(admin, "orders-approval-queue")
    admin.click(f"#approve-{order.pk}")
    admin.goto(f"{live_server.url}/orders/{order.pk}/?tab=timeline")
    expect(admin.locator("#order-status")).to_have_attribute("data-status", "ready_to_ship")
    expect(admin.locator("#order-timeline li")).to_have_count(6)  # created, submitted, held, lifted, approved, ready
    screenshot(admin, "orders-approved")
    level = StockLevel.objects.get(product=cat["machine"], warehouse=cat["hq"])
    assert level.reserved == 2
