"""Return visits in a real browser: a resolved complaint appears in the return-visit queue → the agent follows the
script and records the customer as not satisfied → the ticket is reopened to its team and the follow-up starts;
and the customer's satisfaction page on a phone. Screenshots under var/screenshots/."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.service import services
from apps.service.defaults import install_defaults
from apps.service.models import ReturnVisit, SLAPolicy, TicketCategory
from apps.service.seed import seed_routing
from apps.service.services import visits
from core import calendars
from core.testing import personas
from core.testing.browser import PHONE, log_in, screenshot
from core.testing.helpers import user

from .factories import make_customer, make_ticket
from .visit_factories import FIVE_CLEARS

pytestmark = pytest.mark.browser
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]


@pytest.fixture
def resolved_complaint(live_server):
    """What a flushed database lacks (calendars, shipped policies, the demo routing), then a complaint of the
    complaint group, resolved by its agent: resolving planned its return visit."""
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    seed_routing(user(personas.CS_MANAGER))
    customer = make_customer(name="北京彩印广告有限公司", phone="13810086000", grade="B")
    ticket = make_ticket(personas.CS_AGENT, kind="complaint", complaint_type="effective", customer=customer,
                         subject="新机安装后频繁卡纸", assign_to_me=True)
    return services.resolve_ticket(actor=user(personas.CS_AGENT), ticket=ticket, next_reply_at=timezone.now(),
                                   **FIVE_CLEARS)


def test_an_unsatisfied_return_visit_reopens_the_complaint(page, live_server, resolved_complaint):
    ticket = resolved_complaint
    visit = ReturnVisit.objects.get(ticket=ticket)
    log_in(page, live_server.url, "return_visit_agent", next_path="/service/return-visits/?box=open")

    # the queue lists the visit, with member coverage
    row = page.locator(f"#visits tr[data-visit='{visit.pk}']")
    expect(row).to_contain_text("北京彩印广告有限公司")
    expect(page.locator("#member-coverage")).to_be_visible()
    screenshot(page, "service-visits-queue")

    # the visit page: the call script names the customer and the ticket
    with page.expect_navigation():
        row.locator("a").first.click()
    expect(page.locator("#call-script")).to_contain_text("新机安装后频繁卡纸")
    expect(page.locator("#visit-ticket-status")).to_have_text(re.compile("已解决|Resolved"))

    # not reached hides the outcome; reached and not satisfied, with the customer's words
    page.click("label[for=id_rec-reached_1]")
    expect(page.locator("[data-field=score]")).to_be_hidden()
    page.click("label[for=id_rec-reached_0]")
    expect(page.locator("[data-field=score]")).to_be_visible()
    page.click("label[for=id_rec-satisfied_1]")
    page.click("label[for=id_rec-score_1]")
    page.fill("#id_rec-comment", "工程师没有按约定时间上门，卡纸问题依旧")
    page.fill("#id_rec-suggestions", "希望上门前电话确认时间")
    screenshot(page, "service-visit-record")
    with page.expect_navigation():
        page.click("#record-submit")

    # the ticket is reopened to its team, the outcome and the follow-up are shown
    expect(page.locator("#visit-status")).to_have_text(re.compile("已完成|Done"))
    expect(page.locator("#visit-ticket-status")).to_have_text(re.compile("已重开|Reopened"))
    expect(page.locator("#outcome-satisfied")).to_contain_text(re.compile("不满意|Not satisfied"))
    expect(page.locator("#visit-follow-up [data-step=forward]")).to_be_visible()
    screenshot(page, "service-visit-unsatisfied")
    ticket.refresh_from_db()
    assert ticket.status == "reopened" and ticket.team.code == "cs-complaint"

    # the ticket page shows it reopened, with the visit
    page.click("#visit-ticket")
    expect(page.locator("#ticket-status")).to_have_text(re.compile("已重开|Reopened"))
    card = page.locator(f"#ticket-visits [data-visit='{visit.pk}']")
    expect(card).to_contain_text(re.compile("不满意|Not satisfied"))
    screenshot(page, "service-ticket-reopened-by-visit")

    # the findings wait in the follow-up queue, to go to the responsible department
    page.goto(f"{live_server.url}/service/return-visits/follow-ups/?box=mine")
    expect(page.locator("#steps tr[data-kind=forward]")).to_contain_text("卡纸问题依旧")
    screenshot(page, "service-visit-follow-ups")


def test_the_customer_answers_on_a_phone(new_page, live_server, resolved_complaint):
    visit = ReturnVisit.objects.get(ticket=resolved_complaint)
    token = visits.issue_link(actor=user("return_visit_agent"), visit=visit)
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/service/satisfaction/{token}/")
    expect(page.locator("#survey")).to_contain_text("新机安装后频繁卡纸")
    page.click("label[for=id_satisfied_0]")
    page.click("label[for=id_score_4]")
    page.fill("#id_comment", "工程师很专业")
    screenshot(page, "service-satisfaction-form")
    with page.expect_navigation():
        page.click("#survey-submit")
    expect(page.locator("#survey")).to_have_attribute("data-state", "thanks")
    resolved_complaint.refresh_from_db()
    assert resolved_complaint.status == "closed"
    page.goto(f"{live_server.url}/service/satisfaction/{token}/")
    expect(page.locator("#survey")).to_have_attribute("data-state", "answered")
    screenshot(page, "service-satisfaction-answered")
