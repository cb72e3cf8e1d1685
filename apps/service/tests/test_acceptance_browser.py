"""Acceptance of the service desk (issue #5) in a real browser, on the seeded personas: the agent takes a call from
a known number → logs a major complaint → the department head is told at once (bell and notification) → the
ticket is routed to the complaint group → resolution is refused until the five clears are recorded → resolved →
the return visit is scheduled outside the customer's rest time within 3 days → recorded unsatisfied, it reopens
the ticket. Screenshots of each step: var/screenshots/acceptance-service-*.png."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from apps.service.models import ReturnVisit, Ticket
from apps.service.visits import rules as visit_rules
from core.models import Notification
from core.rules import value as rule_value
from core.testing import personas
from core.testing.browser import log_in, screenshot

from .test_browser import service_desk  # noqa: F401  (the fixture: calendars, policies, routing, the customer)

pytestmark = pytest.mark.browser
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBJECT = "设备三天两次停机，客户扬言找媒体曝光"


def shot(page, step: str) -> None:
    page.wait_for_load_state("networkidle")  # the knowledge-base suggestions and counts load after the page
    screenshot(page, f"acceptance-service-{step}")


def _take_the_call(page, base_url):
    """The agent answers a known number, sees the caller's card and logs a complaint with a media threat, to work
    it herself."""
    log_in(page, base_url, personas.CS_AGENT, next_path="/service/new/")
    page.fill("#id_phone", "138 1008 6000")
    expect(page.locator("#caller-card")).to_contain_text("北京彩印广告有限公司")
    shot(page, "01-caller-card")
    page.click("label[for=id_kind_1]")
    page.select_option("#id_complaint_type", "effective")
    page.fill("#id_subject", SUBJECT)
    page.fill("#id_description", "UV平板机一周内停机两次，耽误交货；客户称再出问题就找电视台曝光。")
    page.check("#id_media_threat")
    page.check("#id_assign_to_me")
    shot(page, "02-complaint-form")
    with page.expect_navigation():
        page.click("#save-ticket")
    return Ticket.objects.get(subject=SUBJECT)


def _head_is_told(new_page, base_url, ticket):
    """The department head's bell shows the major complaint at once, linking to the ticket."""
    head = ticket.major_reported_to
    assert head is not None and ticket.major_reported_at is not None
    note = Notification.objects.get(recipient=head, url=f"/service/tickets/{ticket.pk}/")
    assert ticket.number in note.title and note.level == "danger" and note.read_at is None
    page = new_page()
    log_in(page, base_url, head.username)
    expect(page.locator(".badge-notification")).to_be_visible()
    expect(page.locator("#major-panel")).to_contain_text(SUBJECT)
    shot(page, "04-head-dashboard")
    page.goto(f"{base_url}/notifications/")
    item = page.locator(f"#notification-list a[href='/service/tickets/{ticket.pk}/']")
    expect(item).to_contain_text(ticket.number)
    shot(page, "05-head-notifications")
    with page.expect_navigation():
        item.click()
    expect(page.locator("#ticket-major")).to_be_visible()


def _resolve_with_the_five_clears(page):
    expect(page.locator("#ticket-assignee")).to_have_text("蒋敏")
    page.fill("#id_fc-facts", "一周内停机两次，型号HC-UV2513，客户要求当天上门")
    page.click("#five-clears-resolve")
    refusal = page.locator("#five-clears-refusal")
    expect(refusal).to_be_visible()
    for clear in ("复清楚", "记清楚"):
        expect(refusal).to_contain_text(clear)
    expect(page.locator("#ticket-status")).not_to_have_text(re.compile("已解决|Resolved"))
    shot(page, "06-resolution-refused")
    page.fill("#id_fc-reply_to_customer", "已告知客户今天下午工程师上门，明早电话回复结果")
    page.fill("#id_fc-cause", "主板电源模块过热保护")
    page.fill("#id_fc-handling", "上门更换电源模块并清理散热风道")
    page.fill("#id_fc-result", "设备连续运行8小时无停机，客户认可")
    page.click("#five-clears-resolve")
    expect(page.locator("#ticket-status")).to_have_text(re.compile("已解决|Resolved"))


def _visit_is_planned_well(ticket) -> ReturnVisit:
    """Within 3 days of the resolution, never in the customer's rest time."""
    visit = ReturnVisit.objects.get(ticket=ticket)
    windows = visit_rules.parse_quiet_hours(rule_value("service.visit_quiet_hours"))
    assert not visit_rules.in_quiet_hours(visit.scheduled_at, windows, SHANGHAI), visit.scheduled_at
    assert ticket.resolved_at <= visit.scheduled_at <= ticket.resolved_at + dt.timedelta(days=3)
    local = visit.scheduled_at.astimezone(SHANGHAI)
    assert dt.time(9) <= local.time() < dt.time(21) and not dt.time(12) <= local.time() < dt.time(14)
    return visit


def _record_unsatisfied(page, visit):
    with page.expect_navigation():
        page.locator(f"#visits tr[data-visit='{visit.pk}'] a").first.click()
    expect(page.locator("#call-script")).to_contain_text(SUBJECT)
    page.click("label[for=id_rec-reached_0]")
    page.click("label[for=id_rec-satisfied_1]")
    page.click("label[for=id_rec-score_1]")
    page.fill("#id_rec-comment", "换了电源模块后第二天又停机了一次")
    shot(page, "09-visit-unsatisfied")
    with page.expect_navigation():
        page.click("#record-submit")
    expect(page.locator("#visit-ticket-status")).to_have_text(re.compile("已重开|Reopened"))


def test_a_major_complaint_from_call_to_reopening_by_an_unsatisfied_return_visit(page, new_page, live_server,
                                                                                  service_desk):  # noqa: F811
    ticket = _take_the_call(page, live_server.url)

    # logged as major, routed to the complaint group, linked to the caller's archive
    expect(page.locator("#ticket-major")).to_be_visible()
    expect(page.locator("#ticket-team")).to_have_text("投诉受理组")
    expect(page.locator("#customer-name")).to_contain_text("北京彩印广告有限公司")
    shot(page, "03-ticket-routed")
    assert ticket.is_major and "media_threat" in ticket.major_reasons and ticket.team.code == "cs-complaint"
    assert ticket.customer == service_desk

    _head_is_told(new_page, live_server.url, ticket)

    _resolve_with_the_five_clears(page)
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.cause == "主板电源模块过热保护"
    visit = _visit_is_planned_well(ticket)
    card = page.locator(f"#ticket-visits [data-visit='{visit.pk}']")
    expect(card).to_be_visible()
    expect(page.locator(f"#visit-call-at-{visit.pk}")).to_contain_text(
        visit.scheduled_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"))
    shot(page, "07-resolved-visit-planned")

    visits_page = new_page()
    log_in(visits_page, live_server.url, visit.assignee.username, next_path="/service/return-visits/?box=open")
    expect(visits_page.locator(f"#visits tr[data-visit='{visit.pk}']")).to_contain_text("北京彩印广告有限公司")
    shot(visits_page, "08-visit-queue")

    _record_unsatisfied(visits_page, visit)
    ticket.refresh_from_db()
    assert ticket.status == "reopened" and ticket.reopen_count == 1
    visits_page.click("#visit-ticket")
    expect(visits_page.locator("#ticket-status")).to_have_text(re.compile("已重开|Reopened"))
    shot(visits_page, "10-ticket-reopened")


def test_the_desk_sees_recent_orders_a_cross_territory_serial_and_the_mail_log(page, new_page, live_server,
                                                                              service_desk):  # noqa: F811
    from apps.orders.tests.factories_orders import make_catalogue, make_order
    from apps.orders.tests.fulfilment_factories import partner_a, partner_b, ready_order, ship
    from apps.service.intake.email_in import process_mail

    from . import mail_samples
    from .factories import make_customer, make_ticket

    # a Shenzhen customer with orders calls about a machine that was shipped to the Beijing partner
    machine = make_catalogue(stock=0)["machine"]
    partner_b()
    ship(ready_order(partner_a(), quantities=(1,)), serial_prefix="ACC")
    customer = make_customer(name="深圳华南彩印有限公司", province_code="440000", city_code="440300")
    orders = [make_order(customer, machine) for _ in range(3)]
    ticket = make_ticket(personas.CS_MANAGER, kind="repair", subject="UV平板机喷头不出墨", customer=customer,
                         serial_no="ACC0001", fault="开机自检后喷头不出墨")

    log_in(page, live_server.url, personas.DIRECTOR, next_path=f"/service/tickets/{ticket.pk}/")
    expect(page.locator("#serial-flag")).to_contain_text("ACC0001")
    expect(page.locator("#recent-orders [data-order]")).to_have_count(3)
    expect(page.locator("#recent-orders")).to_contain_text(orders[-1].number)
    shot(page, "11-repair-with-orders-and-flag")
    with page.expect_navigation():
        page.click("#serial-flag-link")
    expect(page.locator("body")).to_contain_text(ticket.number)
    shot(page, "12-flag-in-review-queue")

    # the director's dashboard counts the order desk's work
    page.goto(f"{live_server.url}/")
    expect(page.locator("#orders-pipeline")).to_be_visible()
    shot(page, "14-director-dashboard")

    # the CS manager reads what the mailbox did
    process_mail(mail_samples.plain(subject="打印机报错E-203", body="开机报错E-203。", sender="zhao.liu@example.cn"))
    manager = new_page()
    log_in(manager, live_server.url, personas.CS_MANAGER, next_path="/service/inbound-mail/")
    expect(manager.locator("#inbound-mail tbody tr[data-outcome=created]")).to_contain_text("zhao.liu@example.cn")
    shot(manager, "13-inbound-mail-log")
