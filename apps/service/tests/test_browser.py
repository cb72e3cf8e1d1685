"""The service desk in a real browser: take a call → lookup by phone → log a complaint → it routes to the
complaint group → resolution refused until the five clears are recorded → resolved. Screenshots under
var/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from apps.service.defaults import install_defaults
from apps.service.models import SLAPolicy, Ticket, TicketCategory
from apps.service.seed import seed_routing
from core import calendars
from core.testing import personas
from core.testing.browser import log_in, screenshot
from core.testing.helpers import user

from .factories import make_customer, make_ticket

pytestmark = pytest.mark.browser
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]


@pytest.fixture
def service_desk(live_server):
    """What a flushed database lacks: the calendars and the shipped policies, the demo routing and a customer."""
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    seed_routing(user(personas.CS_MANAGER))
    return make_customer(name="北京彩印广告有限公司", phone="13810086000", grade="B")


def test_take_a_call_log_a_complaint_and_resolve_it_with_the_five_clears(page, live_server, service_desk):
    log_in(page, live_server.url, personas.CS_AGENT, next_path="/service/new/")

    # a known number shows the caller's card
    page.fill("#id_phone", "138 1008 6000")
    expect(page.locator("#caller-card")).to_contain_text("北京彩印广告有限公司")
    page.click("label[for=id_kind_1]")
    expect(page.locator("#id_complaint_type")).to_be_visible()
    page.select_option("#id_complaint_type", "effective")
    page.fill("#id_subject", "新机安装后频繁卡纸")
    page.fill("#id_description", "客户称设备安装一周内卡纸十余次，影响交货。")
    page.check("#id_assign_to_me")
    screenshot(page, "service-new-ticket")
    with page.expect_navigation():
        page.locator("#id_subject").press("Control+Enter")

    # it is routed to the complaint group, with its SLA deadlines
    expect(page.locator("#ticket-team")).to_have_text("投诉受理组")
    expect(page.locator("#customer-name")).to_contain_text("北京彩印广告有限公司")
    expect(page.locator("#resolution-due")).to_be_visible()
    ticket = Ticket.objects.get(subject="新机安装后频繁卡纸")
    assert ticket.team.code == "cs-complaint" and ticket.customer == service_desk

    # resolving with only the facts is refused, naming what is missing
    page.fill("#id_fc-facts", "设备安装一周卡纸十余次，型号HC-D800")
    page.click("#five-clears-resolve")
    refusal = page.locator("#five-clears-refusal")
    expect(refusal).to_be_visible()
    for clear in ("复清楚", "记清楚"):
        expect(refusal).to_contain_text(clear)
    expect(page.locator("#id_fc-facts")).to_have_value("设备安装一周卡纸十余次，型号HC-D800")
    screenshot(page, "service-five-clears-refused")

    # with the five clears it resolves
    page.fill("#id_fc-reply_to_customer", "已告知客户明天上午工程师上门更换搓纸轮")
    page.fill("#id_fc-cause", "搓纸轮批次磨损")
    page.fill("#id_fc-handling", "上门更换搓纸轮并调试")
    page.fill("#id_fc-result", "客户确认恢复正常")
    page.click("#five-clears-resolve")
    expect(page.locator("#ticket-status")).to_have_text(re.compile("已解决|Resolved"))
    screenshot(page, "service-ticket-resolved")
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.cause == "搓纸轮批次磨损"


def test_the_inbox_shows_boxes_counts_and_the_table(page, live_server, service_desk):
    for subject in ("墨盒漏墨弄脏印品", "售后工程师上门迟到三小时"):
        make_ticket(personas.CS_AGENT, kind="complaint", complaint_type="effective", subject=subject)
    make_ticket(personas.CS_AGENT, kind="complaint", is_major=True, media_threat=True, subject="扬言找媒体曝光")
    log_in(page, live_server.url, personas.CS_MANAGER, next_path="/service/")
    expect(page.locator("#tickets tbody tr")).to_have_count(3)
    expect(page.locator("[data-count=majors]")).to_have_text("1")
    page.fill("#inbox-filters input[name=q]", "墨盒")
    expect(page.locator("#tickets tbody tr")).to_have_count(1)
    page.fill("#inbox-filters input[name=q]", "")
    expect(page.locator("#tickets tbody tr")).to_have_count(3)
    screenshot(page, "service-inbox")
    page.goto(live_server.url + "/")
    expect(page.locator("#major-panel")).to_contain_text("扬言找媒体曝光")
    screenshot(page, "service-dashboard")
