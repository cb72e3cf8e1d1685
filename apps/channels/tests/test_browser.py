"""The admission flow in a real browser: a rep files an application with evidence, the checklist is evaluated,
the market-development manager and then the marketing director approve, and the partner appears as a trial
distributor. Screenshots land in var/screenshots/channels-*.png."""

import re

import pytest
from playwright.sync_api import expect

from apps.channels.choices import PartnerStage
from core.testing import personas
from core.testing.browser import log_in, screenshot

from .factories import make_application, make_partner, make_partner_customer, org_unit

pytestmark = pytest.mark.browser

PDF = {"name": "征信报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 credit report"}


def test_application_evaluation_two_approvals_and_a_new_trial_distributor(new_page, live_server):
    customer = make_partner_customer(personas.NORTH_REP, name="北京新彩数码科技有限公司", phone="13600001234")
    make_partner(PartnerStage.AGENT, territories=("110000", "120000"))
    make_application(tier="agent", documents=[], cash_flow="120000")  # a weaker candidate waiting too

    # given the Beijing rep filling in the application form with a credit report attached
    rep = new_page()
    log_in(rep, live_server.url, personas.NORTH_REP, next_path="/channels/applications/new/")
    rep.select_option("#id_customer", str(customer.pk))
    rep.select_option("#id_tier", "trial_distributor")
    rep.fill("#id_registered_capital", "800000")
    rep.fill("#id_years_in_trade", "4")
    rep.fill("#id_annual_sales_capacity", "1500000")
    rep.fill("#id_cash_flow", "200000")
    rep.fill("#id_team_details", "销售 5 人,技术 2 人")
    rep.select_option("#id_territory_codes", ["110000"])
    rep.set_input_files("#id_file_credit_documents", files=[PDF])
    screenshot(rep, "channels-application-form")
    rep.click("#submit-application")

    # then the approval screen shows every criterion of the trial-distributor checklist met
    expect(rep.locator("#application-status")).to_have_attribute("data-status", "pending_manager")
    expect(rep.locator("#checklist-result")).to_have_class(re.compile(r"\bbg-green\b"))
    expect(rep.locator("#criteria-table tbody tr.mc-fail")).to_have_count(0)
    expect(rep.locator("#criteria-table tr[data-criterion='min_registered_capital']")).to_contain_text("¥800,000.00")
    expect(rep.locator("#evidence-list")).to_contain_text("征信报告.pdf")
    expect(rep.locator("#decision-card")).to_have_count(0)  # a rep does not decide
    application_url = rep.url
    screenshot(rep, "channels-application-submitted")

    # when the market-development manager opens what waits for them, the weak candidate shows its failures
    manager = new_page()
    log_in(manager, live_server.url, personas.DEPARTMENT_MANAGER, next_path="/channels/applications/?awaiting=1")
    rows = manager.locator("#application-table tbody tr")
    expect(rows).to_have_count(2)
    screenshot(manager, "channels-applications-waiting")
    manager.get_by_role("link", name=re.compile("测试客户")).first.click()
    expect(manager.locator("#criteria-table tr.mc-fail").first).to_be_visible()
    expect(manager.locator("#approve")).to_be_disabled()
    screenshot(manager, "channels-application-failing")

    # and approves the rep's application with a comment
    manager.goto(application_url)
    manager.fill("#id_comment", "资料齐全,同意试销")
    manager.click("#approve")
    expect(manager.locator(".alert-success")).to_be_visible()
    expect(manager.locator("#application-status")).to_have_attribute("data-status", "pending_director")
    expect(manager.locator("#approval-steps")).to_contain_text("资料齐全,同意试销")
    expect(manager.locator("#decision-card")).to_have_count(0)

    # then the marketing director gives the final approval
    director = new_page()
    log_in(director, live_server.url, personas.DIRECTOR, next_path=application_url.removeprefix(live_server.url))
    screenshot(director, "channels-application-director")
    director.click("#approve")
    expect(director.locator("#application-status")).to_have_attribute("data-status", "approved")
    expect(director.locator("#approval-steps .list-group-item")).to_have_count(2)

    # and the partner appears as a trial distributor, with its term, territory and lifecycle
    director.click("#partner-link")
    expect(director.locator("#partner-stage")).to_have_attribute("data-stage", "trial_distributor")
    expect(director.locator("#partner-term")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    screenshot(director, "channels-partner-detail")
    director.click("#tab-timeline")
    expect(director.locator("#partner-timeline .timeline-event")).to_have_count(2)
    screenshot(director, "channels-partner-timeline")
    director.click("#tab-territory")
    expect(director.locator("#territory-table")).to_contain_text("北京市")

    director.goto(f"{live_server.url}/channels/?stage=trial_distributor")
    expect(director.locator("#partner-table tbody tr")).to_have_count(1)
    expect(director.locator("#partner-table")).to_contain_text("北京新彩数码科技有限公司")
    screenshot(director, "channels-partner-list")

    director.goto(f"{live_server.url}/channels/territories/")
    expect(director.locator("#province-table tr[data-province='110000']")).to_contain_text("北京新彩数码科技有限公司")
    screenshot(director, "channels-territories")


def test_a_partner_user_sees_only_its_company_card(new_page, live_server):
    alf = make_partner(PartnerStage.AGENT, territories=("110000", "131000"), customer=make_partner_customer(
        name="北京艾礼富科技有限公司", kind="partner", partner_unit=org_unit("partner-bj-alf")))
    other = make_partner()
    page = new_page()
    log_in(page, live_server.url, personas.PARTNER_A_USER)
    expect(page.locator("#sidebar-menu a[data-nav=channels-portal]")).to_be_visible()
    for staff_page in ["channels-partners", "channels-applications", "channels-territories", "channels-scorecards"]:
        expect(page.locator(f"#sidebar-menu a[data-nav={staff_page}]")).to_have_count(0)
    page.click("#sidebar-menu a[data-nav=channels-portal]")
    expect(page.locator(".page-title")).to_contain_text(alf.name)
    expect(page.locator("#portal-territory")).to_contain_text("廊坊市")
    screenshot(page, "channels-portal")
    response = page.goto(f"{live_server.url}/channels/partners/{other.pk}/")
    assert response.status == 404
