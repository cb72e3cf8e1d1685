"""The public pool in a real browser: filter, claim with HTMX, see the customer's pool history, release it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.customers.models import Customer
from apps.customers.services import pool
from core.testing import personas
from core.testing.browser import log_in, screenshot
from core.testing.helpers import user

from .factories import make_customer

pytestmark = pytest.mark.browser


def pooled(**fields) -> Customer:
    customer = make_customer(owner=personas.SOUTH_REP, **fields)
    pool.release_customer(actor=user(personas.SOUTH_REP), customer=customer, reason="长期未跟进")
    return customer


def test_a_rep_filters_the_pool_claims_a_customer_and_releases_it_again(page, live_server):
    printer = pooled(name="深圳彩印包装有限公司", industry="印刷", phone="13812345678",
                     province_code="440000", city_code="440300")
    pooled(name="北京广告传媒有限公司", industry="广告", province_code="110000", city_code="110100")
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/pool/")

    table = page.locator("#pool-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("138****5678")
    screenshot(page, "pool-list")

    page.select_option("select[name=industry]", "印刷")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"industry="))

    row = table.locator(f"tr[data-customer='{printer.pk}']")
    row.locator("button.pool-claim").click()
    expect(row.locator(".alert-success")).to_be_visible()
    expect(page.locator("#pool-held")).to_contain_text("1")
    screenshot(page, "pool-claimed")
    assert Customer.objects.get(pk=printer.pk).owner.username == personas.NORTH_REP

    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/customers/{printer.pk}/"))
    page.goto(f"{live_server.url}/customers/{printer.pk}/?tab=pool")
    events = page.locator("#pool-events tbody tr")
    expect(events).to_have_count(2)
    screenshot(page, "pool-tab")

    page.fill("#pool-release input[name=reason]", "客户转做其他行业")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#pool-release button[type=submit]")
    # the rep no longer sees the customer's page, so the pool opens, with the customer back in it
    expect(page).to_have_url(re.compile(r"/customers/pool/$"))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#pool-table tr[data-customer='{printer.pk}']")).to_be_visible()
    assert Customer.objects.get(pk=printer.pk).in_pool
    screenshot(page, "pool-released")


def test_my_reclaim_notices_show_when_each_customer_goes(page, live_server):
    customer = make_customer(owner=personas.NORTH_REP, name="北京彩虹印务有限公司")
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(grade="B", created_at=now - datetime.timedelta(days=90),
                                                   last_activity_at=now - datetime.timedelta(days=13),
                                                   reclaim_notice_at=now)
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/pool/")
    page.click("#pool-notices-link")
    row = page.locator(f"#reclaim-notices tr[data-customer='{customer.pk}']")
    expect(row).to_contain_text((timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    screenshot(page, "pool-notices")
