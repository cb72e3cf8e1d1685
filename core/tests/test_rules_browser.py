"""The rule-parameters page in a real browser: an administrator schedules new pool days and sees them in the
history, and a bad value is refused on the card."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import rules
from core.testing import personas
from core.testing.browser import SCREENSHOTS, log_in, screenshot

pytestmark = pytest.mark.browser


def test_an_administrator_schedules_new_pool_days_from_next_month(page, live_server):
    log_in(page, live_server.url, personas.SYSTEM_ADMIN, next_path="/settings/rules/")
    expect(page.locator("#sidebar-menu a[data-nav=rules]")).to_have_class(re.compile(r"\bactive\b"))
    card = page.locator("[id='rule-customers.pool_days_without_follow_up']")
    expect(card.locator(".rule-value")).to_contain_text("30")
    screenshot(page, "rules")

    start = timezone.localdate().replace(day=1) + datetime.timedelta(days=32)
    start = start.replace(day=1)
    card.locator("input[name='map-A']").fill("45")
    card.locator("input[name=effective_from]").first.fill(start.isoformat())
    card.locator("input[name=note]").first.fill("2027 年起放宽 A 类客户")
    card.locator("form.rule-form button[type=submit]").click()

    card = page.locator("[id='rule-customers.pool_days_without_follow_up']")
    expect(card.locator(".alert-success")).to_be_visible()
    history = card.locator("details.rule-history")
    expect(history).to_have_attribute("open", "")
    expect(history.locator("tbody tr").first).to_contain_text(start.isoformat())
    expect(history.locator("tbody tr").first).to_contain_text("2027 年起放宽 A 类客户")
    screenshot(page, "rules-scheduled")
    card.screenshot(path=str(SCREENSHOTS / "rules-card.png"))
    assert rules.value("customers.pool_days_without_follow_up", on=start)["A"] == 45
    assert rules.value("customers.pool_days_without_follow_up")["A"] == 30

    notice = page.locator("[id='rule-customers.pool_notice_days']")
    notice.locator("input[name=value]").fill("2.5")
    notice.locator("form.rule-form button[type=submit]").click()
    expect(page.locator("[id='rule-customers.pool_notice_days'] .alert-danger")).to_be_visible()
    page.locator("[id='rule-customers.grade_rules']").screenshot(path=str(SCREENSHOTS / "rules-table-card.png"))
    page.locator("[id='rule-customers.pool_notice_days']").screenshot(path=str(SCREENSHOTS / "rules-refused.png"))
