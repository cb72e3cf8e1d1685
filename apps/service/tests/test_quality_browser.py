"""Service quality in a real browser: the service dashboard's charts and tables (switching the volume split with
HTMX), the quality feedback report page with its chart, and an evaluator scoring a sampled ticket.
Screenshots under var/screenshots/ (service-quality-*)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.org import selectors as org_selectors
from apps.service import services
from apps.service.defaults import install_defaults
from apps.service.models import EvaluationItem, EvaluationTemplate, QAEvaluation, SLAPolicy, Ticket, TicketCategory
from apps.service.quality.defaults import install_default_form
from apps.service.services import quality as quality_services
from core import calendars, pdf
from core.testing import personas
from core.testing.browser import log_in, screenshot
from core.testing.helpers import user

from .factories import category, make_customer, make_rule, make_ticket

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not pdf.cjk_font_available(), reason="no CJK font (apt install fonts-noto-cjk)")]
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]
PRODUCTS = [("UV平板打印机", "HC-2513", "喷头与墨路", "喷头批次质量问题", 4),
            ("数码印刷机", "HC-D800", "电气故障", "电源板电容失效", 3),
            ("写真机", "HC-1800", "耗材质量", "墨水批次粘度偏高", 2)]


@pytest.fixture
def quality_desk(live_server, settings, tmp_path):
    """What a flushed database lacks (calendar, categories, policies, the evaluation form), and a month of work:
    repairs of three products over the last weeks, open complaints in the complaint group, last month's report."""
    settings.MEDIA_ROOT = tmp_path
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    install_default_form(EvaluationTemplate, EvaluationItem)
    make_rule("cs-complaint", kind="complaint")
    regions = {r.code: r for r in org_selectors.list_regions()}
    customers = [make_customer(region=regions["beijing"]), make_customer(region=regions["guangzhou"])]
    now = timezone.now()
    manager = user(personas.CS_MANAGER)
    day = 0
    for product, model, leaf, cause, count in PRODUCTS:
        for _ in range(count):
            day += 1
            ticket = make_ticket(personas.CS_AGENT, kind="repair", received_at=now - dt.timedelta(days=day, hours=3),
                                 customer=customers[day % 2], product=product, model_no=model, category=category(leaf),
                                 channel=["hotline", "wechat", "web_form"][day % 3], assign_to_me=True)
            ticket = services.resolve_ticket(actor=user(personas.CS_AGENT), ticket=ticket, cause=cause)
            Ticket.objects.filter(pk=ticket.pk).update(resolved_at=ticket.received_at + dt.timedelta(hours=day % 4))
    for hours in (2, 30):
        make_ticket(personas.CS_AGENT, kind="complaint", received_at=now - dt.timedelta(hours=hours),
                    category=category("服务态度"))
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for product, model, leaf, cause, count in PRODUCTS:
        for n in range(count):
            _last_month_repair(customers[n % 2], product, model, leaf, cause, last_month, n)
    report = quality_services.generate_quality_report(actor=manager, period=last_month)
    return {"report": report, "period": last_month}


def _last_month_repair(customer, product, model, leaf, cause, month, n):
    """A repair received on day 1 + 3n of last month and resolved with its cause."""
    ticket = make_ticket(personas.CS_AGENT, kind="repair", customer=customer, product=product, model_no=model,
                         category=category(leaf), assign_to_me=True,
                         received_at=timezone.make_aware(dt.datetime.combine(month + dt.timedelta(days=n * 3),
                                                                             dt.time(10))))
    return services.resolve_ticket(actor=user(personas.CS_AGENT), ticket=ticket, cause=cause)


def test_the_service_dashboard_shows_every_chart_with_its_table(page, live_server, quality_desk):
    log_in(page, live_server.url, personas.CS_MANAGER, next_path="/service/dashboard/")

    window = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=29), dt.time.min))
    received = Ticket.objects.filter(received_at__gte=window).count()
    expect(page.locator("[data-kpi=received] [data-value]")).to_have_text(str(received))
    expect(page.locator("[data-kpi=backlog] [data-value]")).to_have_text("2")
    for key in ("volume", "sla", "fcr", "defects", "backlog"):
        expect(page.locator(f"#chart-{key} svg").first).to_be_visible()
    page.click("#chart-card-defects a[href='#table-defects']")
    expect(page.locator("[data-table=defects] tbody tr").first).to_contain_text(re.compile("喷头与墨路|Print head"))
    screenshot(page, "service-quality-dashboard")

    page.click("#chart-card-volume [data-by=channel]")
    expect(page.locator("#volume-title")).to_have_text(re.compile("渠道|channel"))
    expect(page.locator("#chart-volume svg").first).to_be_visible()
    assert "by=channel" in page.url


def test_the_quality_report_page_charts_the_months_defects(page, live_server, quality_desk):
    report = quality_desk["report"]
    log_in(page, live_server.url, personas.CS_SUPERVISOR, next_path="/service/quality/reports/")

    page.click(f"[data-report='{quality_desk['period']:%Y-%m}'] a")
    expect(page.locator("#defect-count")).to_contain_text(str(report.defect_count))
    expect(page.locator("#report-chart svg").first).to_be_visible()
    expect(page.locator("#summary-table tbody tr").first).to_contain_text("UV平板打印机")
    expect(page.locator("#report-rows tbody tr")).to_have_count(len(report.rows))
    page.click("[data-by=region]")
    expect(page.locator("#summary-table thead")).to_contain_text(re.compile("大区|地区|Region"))
    expect(page.locator("#summary-table tbody")).to_contain_text("北京大区")
    expect(page.locator("#download-pdf")).to_be_visible()
    screenshot(page, "service-quality-report")


def test_an_evaluator_samples_and_scores_a_ticket(page, live_server, quality_desk):
    log_in(page, live_server.url, "qa_evaluator", next_path="/service/quality/")
    month = timezone.localdate().strftime("%Y-%m")

    page.fill("#sample-form input[name=period]", month)
    page.fill("#sample-form input[name=size]", "2")
    with page.expect_navigation():
        page.click("#sample-submit")
    expect(page.locator("#evaluations tbody tr")).to_have_count(2)
    with page.expect_navigation():
        page.locator("#evaluations tbody tr a").first.click()
    inputs = page.locator("#score-form input[name^=points_]")
    for index in range(inputs.count()):
        inputs.nth(index).fill("10")
    page.fill("#score-form textarea[name=comment]", "开场规范，解答需更准确")
    screenshot(page, "service-quality-score-sheet")
    with page.expect_navigation():
        page.click("#score-submit")

    expect(page.locator("#evaluation-score")).to_have_text("50.0")
    assert QAEvaluation.objects.filter(status="scored").count() == 1
    page.goto(f"{live_server.url}/service/quality/")
    expect(page.locator("#averages tbody tr")).to_have_count(1)
    expect(page.locator("#averages [data-average]")).to_have_text("50.0")
    screenshot(page, "service-quality-evaluations")
