"""The sales process in a real browser: drag a deal across the kanban board, move one with the keyboard, lose one
with a reason, log an activity on the customer page, and look at the funnel, the visit week and "my day"."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.customers import services
from apps.customers.models import Opportunity
from core.testing import personas
from core.testing.browser import log_in, screenshot
from core.testing.helpers import user

from .pipeline_factories import log, make_opportunity, north_customer

pytestmark = pytest.mark.browser


def _deals():
    today = timezone.localdate()
    first = north_customer(name="北京华印彩色印刷有限公司")
    second = north_customer(name="天津鑫源包装有限公司")
    dragged = make_opportunity(first, name="UV平板打印机 2台", amount="260000", expected_close=today)
    keyed = make_opportunity(second, name="数码印花机", amount="88000", stage="learn",
                             expected_close=today + datetime.timedelta(days=20))
    lost = make_opportunity(second, name="覆膜机", amount="45000", stage="present")
    make_opportunity(first, name="切纸机", amount="120000", stage="won")
    return dragged, keyed, lost


def _column(page, stage):
    return page.locator(f"#column-{stage} .mc-board-cards")


def test_drag_a_card_to_another_stage_and_it_stays_there(page, live_server):
    dragged, _keyed, lost = _deals()
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/pipeline/opportunities/board/")
    card = page.locator(f"#opportunity-{dragged.pk}")
    expect(_column(page, "approach").locator(f"#opportunity-{dragged.pk}")).to_be_visible()
    screenshot(page, "pipeline-board")

    # when the card is dragged from 接近 onto 说明
    card.drag_to(_column(page, "present"))

    # then the board answers with the card in its new column, and a reload shows it there too
    expect(_column(page, "present").locator(f"#opportunity-{dragged.pk}")).to_be_visible()
    expect(page.locator("#column-approach .mc-count")).to_have_text("0")
    page.reload()
    expect(_column(page, "present").locator(f"#opportunity-{dragged.pk}")).to_be_visible()
    assert Opportunity.objects.get(pk=dragged.pk).stage == "present"

    # when a card is dropped on 失败, the reason is asked and kept
    page.once("dialog", lambda dialog: dialog.accept("选择了竞争对手"))
    page.locator(f"#opportunity-{lost.pk}").drag_to(_column(page, "lost"))
    expect(_column(page, "lost").locator(f"#opportunity-{lost.pk}")).to_contain_text("选择了竞争对手")
    assert Opportunity.objects.get(pk=lost.pk).lost_reason == "选择了竞争对手"
    screenshot(page, "pipeline-board-after-drag")


def test_keyboard_stage_select_moves_a_card(page, live_server):
    _dragged, keyed, _lost = _deals()
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/pipeline/opportunities/board/")
    select = page.locator(f"#opportunity-{keyed.pk} select.mc-stage-select")

    # given the stage list of a card at 了解, reached with the keyboard
    select.focus()
    expect(select).to_be_focused()
    # when the rep presses ↓ once (the next stage is the first choice after the current one)
    page.keyboard.press("ArrowDown")
    # then the card lands in 说明 and stays there
    expect(_column(page, "present").locator(f"#opportunity-{keyed.pk}")).to_be_visible()
    page.reload()
    expect(_column(page, "present").locator(f"#opportunity-{keyed.pk}")).to_be_visible()
    assert Opportunity.objects.get(pk=keyed.pk).stage == "present"


def test_log_an_activity_on_the_customer_page_then_see_funnel_week_and_my_day(page, live_server):
    dragged, keyed, _lost = _deals()
    customer = dragged.customer
    rep = user(personas.NORTH_REP)
    today = timezone.localdate()
    services.plan_visit(actor=rep, customer=customer, planned_on=today, purpose="新品演示")
    other_day = today - datetime.timedelta(days=1) if today.weekday() else today + datetime.timedelta(days=1)
    services.plan_visit(actor=rep, customer=keyed.customer, planned_on=other_day, purpose="送样品")
    log(customer, kind="call", subject="电话预约拜访", next_step="带样品上门",
        remind_at=timezone.now() - datetime.timedelta(days=1), days_ago=2)

    log_in(page, live_server.url, personas.NORTH_REP, next_path=f"/customers/{customer.pk}/?tab=activities")
    form = page.locator("#log-activity")
    expect(form).to_be_visible()
    form.locator("select[name=activity-kind]").select_option("visit")
    form.locator("input[name=activity-subject]").fill("上门演示UV平板打印机")
    form.locator("textarea[name=activity-outcome]").fill("老板很满意,要求报价")
    form.locator("input[name=activity-next_step]").fill("发送正式报价")
    form.locator("select[name=activity-opportunity]").select_option(str(dragged.pk))
    form.locator("input[name=activity-subject]").press("Enter")
    expect(page.locator("#activities-panel .mc-timeline-item").first).to_contain_text("上门演示UV平板打印机")
    expect(page.locator("input[name=activity-subject]")).to_have_value("")
    screenshot(page, "pipeline-customer-activities")

    page.goto(live_server.url + "/customers/pipeline/opportunities/funnel/")
    expect(page.locator("#funnel-chart svg")).to_be_visible()
    screenshot(page, "pipeline-funnel")

    page.goto(live_server.url + "/customers/pipeline/visits/")
    expect(page.locator(".mc-plan.mc-done")).to_contain_text(customer.name)  # today's visit ticked off by the log
    open_plan = page.locator(".mc-plan:not(.mc-done)")
    expect(open_plan).to_contain_text(keyed.customer.name)
    open_plan.locator("summary").click()
    expect(open_plan.locator(".mc-visit-done")).to_be_visible()
    screenshot(page, "pipeline-visit-week")

    page.goto(live_server.url + "/customers/pipeline/my-day/")
    expect(page.locator("#today-visits")).to_contain_text(customer.name)
    expect(page.locator("#closing-this-week")).to_contain_text("UV平板打印机 2台")
    screenshot(page, "pipeline-my-day")

    page.goto(live_server.url + "/")
    expect(page.locator("#my-pipeline-chart svg")).to_be_visible()
    screenshot(page, "pipeline-dashboard")

    page.goto(live_server.url + f"/customers/pipeline/opportunities/{dragged.pk}/")
    expect(page.locator("#move-form")).to_be_visible()
    expect(page.locator(".mc-timeline")).to_contain_text("上门演示UV平板打印机")
    screenshot(page, "pipeline-opportunity")


def test_a_lead_from_a_fair_is_converted_into_a_customer_and_a_deal(page, live_server):
    lead = services.create_lead(actor=user(personas.NORTH_REP), name="王海", company="苏州鑫彩包装有限公司",
                                phone="17012345678", source="trade_fair", interest="UV平板打印机",
                                province_code="320000", city_code="320500")
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/pipeline/leads/")
    expect(page.locator("#lead-table")).to_contain_text("苏州鑫彩包装有限公司")
    screenshot(page, "pipeline-leads")
    page.get_by_role("link", name="苏州鑫彩包装有限公司").click()
    page.click("#lead-convert")
    dialog = page.locator("#convert-modal")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=amount]").fill("150000")
    screenshot(page, "pipeline-lead-convert")
    dialog.locator("#convert-submit").click()
    expect(page.locator("#opportunity-stage")).to_be_visible()
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.customer.name == "苏州鑫彩包装有限公司"
    assert page.url.endswith(f"/customers/pipeline/opportunities/{lead.opportunity_id}/")
