"""In a real browser: a partner confirms its statement in the portal; a return is credited by the quota rule.
Screenshots land in var/screenshots/orders-statement-*.png and orders-return-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.orders.models import ReturnRequest, Statement
from apps.orders.services import statements as statement_services
from core.testing import personas
from core.testing.browser import log_in, screenshot

from .money_factories import invoice, partner_a, payment, quota, ready_order, ship

pytestmark = pytest.mark.browser


def test_partner_confirms_its_statement_in_the_portal(new_page, live_server):
    alf = partner_a()
    order = ready_order(alf, quantities=(1,))
    invoice(order, "96000", datetime.date(2026, 10, 5))
    payment(alf.customer, "50000", datetime.date(2026, 10, 20))
    statement_services.generate_statements(actor=None, cutoff=datetime.date(2026, 10, 27))
    statement = Statement.objects.get(customer=alf.customer)

    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url, personas.PARTNER_A_USER, next_path="/orders/portal/")
    expect(page.locator("#portal-home")).to_be_visible()
    page.click("#sidebar-menu a[data-nav=orders-statements]")
    expect(page.locator(f"#statements tr[data-statement='{statement.pk}']")).to_contain_text("¥46,000.00")
    page.click(f"#statements tr[data-statement='{statement.pk}'] a")
    expect(page.locator("#closing-balance")).to_have_text("¥46,000.00")
    screenshot(page, "orders-statement-before-confirm")
    page.click("#confirm-statement")
    expect(page.locator("#statement-status [data-status]")).to_have_attribute("data-status", "confirmed")
    screenshot(page, "orders-statement-confirmed")
    statement.refresh_from_db()
    assert statement.status == "confirmed"


def test_a_return_beyond_quota_is_credited_in_full(new_page, live_server):
    alf = partner_a()
    quota(alf, "1")  # the order goes beyond this quota
    order = ready_order(alf, quantities=(2,))
    ship(order)

    partner = new_page()
    log_in(partner, live_server.url, personas.PARTNER_A_USER, next_path=f"/orders/returns/new/?order={order.pk}")
    line = order.lines.get()
    partner.fill(f"#qty-{line.pk}", "1")
    partner.select_option("#reason", "overstock")
    partner.click("#send-return")
    expect(partner.locator("#quota-verdict .badge")).to_be_visible()
    request = ReturnRequest.objects.get(order=order)
    assert request.beyond_quota is True

    admin = new_page()
    admin.on("dialog", lambda dialog: dialog.accept())
    log_in(admin, live_server.url, "sales_admin", next_path=f"/orders/returns/{request.pk}/")
    admin.click("#record-inspection")
    expect(admin.locator("#return-lines [data-outcome]")).to_have_attribute("data-outcome", "full")
    admin.click("#approve-return")
    expect(admin.locator("#return-status [data-status]")).to_have_attribute("data-status", "approved")
    screenshot(admin, "orders-return-approved")
    request.refresh_from_db()
    assert request.credit_amount == line.unit_price and request.credit_reference
