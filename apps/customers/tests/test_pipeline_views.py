"""Sales-process pages: they render, HTMX gets partials, scopes hold, the board moves cards, the customer-360
panels log activities inline, visit weeks change, leads convert; no N+1 on the busy pages."""

import datetime

import pytest
from django.utils import timezone

from apps.customers import services
from apps.customers.models import Activity, Lead, Opportunity, VisitPlan
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .pipeline_factories import log, make_opportunity, north_customer, south_customer

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
PAGES = ["/customers/pipeline/my-day/", "/customers/pipeline/visits/", "/customers/pipeline/opportunities/",
         "/customers/pipeline/opportunities/board/", "/customers/pipeline/opportunities/funnel/",
         "/customers/pipeline/leads/", "/customers/pipeline/opportunities/new/", "/customers/pipeline/leads/new/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_a_rep(url):
    customer = north_customer()
    make_opportunity(customer, stage="learn")
    log(customer, next_step="回电", remind_at=timezone.now())
    response = web_as(p.NORTH_REP).get(url)
    assert response.status_code == 200
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_the_rights(url):
    assert web_as(p.PARTNER_A_USER).get(url).status_code == 403
    response = web_as(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_sales_menu_and_dashboard_card_show_for_a_rep():
    make_opportunity(north_customer(), stage="present")
    html = web_as(p.NORTH_REP).get("/").content.decode()
    for key in ["my-day", "visit-plans", "opportunity-board", "funnel", "leads"]:
        assert f'data-nav="{key}"' in html
    assert 'id="my-pipeline"' in html and 'id="my-pipeline-count">1<' in html
    assert 'data-nav="opportunity-board"' not in web_as(p.PARTNER_A_USER).get("/").content.decode()


# -- board -----------------------------------------------------------------------------------------------------

def test_board_shows_cards_in_their_stage_columns_and_only_in_scope():
    make_opportunity(north_customer(name="北方印务有限公司"), stage="present")
    make_opportunity(south_customer(name="南方包装有限公司"))
    html = web_as(p.NORTH_REP).get("/customers/pipeline/opportunities/board/").content.decode()
    assert "北方印务有限公司" in html and "南方包装有限公司" not in html
    present = html.index('id="column-present"')
    assert present < html.index("北方印务有限公司") < html.index('id="column-close"')


def test_board_htmx_request_returns_only_the_columns():
    make_opportunity(north_customer(name="北方印务有限公司"))
    html = web_as(p.NORTH_REP).get("/customers/pipeline/opportunities/board/?q=北方", **HX).content.decode()
    assert "mc-board-columns" in html and "<html" not in html and "北方印务有限公司" in html


def test_moving_a_card_with_htmx_returns_the_board_with_the_card_in_its_new_column():
    opportunity = make_opportunity(north_customer(name="北方印务有限公司"))
    response = web_as(p.NORTH_REP).post(f"/customers/pipeline/opportunities/{opportunity.pk}/move/",
                                        {"stage": "learn", "before": ""}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.index('id="column-learn"') < html.index(f'id="opportunity-{opportunity.pk}"') < html.index(
        'id="column-present"')
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "learn"


def test_dropping_a_card_above_another_orders_the_column():
    customer = north_customer()
    first, second = make_opportunity(customer, stage="learn"), make_opportunity(customer)
    html = web_as(p.NORTH_REP).post(f"/customers/pipeline/opportunities/{second.pk}/move/",
                                    {"stage": "learn", "before": first.pk}, **HX).content.decode()
    assert html.index(f'id="opportunity-{second.pk}"') < html.index(f'id="opportunity-{first.pk}"')


def test_a_refused_move_shows_the_reason_and_changes_nothing():
    opportunity = make_opportunity(north_customer())
    html = web_as(p.NORTH_REP).post(f"/customers/pipeline/opportunities/{opportunity.pk}/move/",
                                    {"stage": "lost"}, **HX).content.decode()
    assert 'id="board-error"' in html
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "approach"


def test_moving_someone_elses_card_is_404_and_without_the_right_403():
    opportunity = make_opportunity(south_customer())
    url = f"/customers/pipeline/opportunities/{opportunity.pk}/move/"
    assert web_as(p.NORTH_REP).post(url, {"stage": "learn"}, **HX).status_code == 404
    assert web_as(p.CS_AGENT).post(url, {"stage": "learn"}, **HX).status_code == 403


def test_board_and_list_have_no_n_plus_one():
    north, south = north_customer(), south_customer()
    for stage in ["approach", "learn", "present", "close", "won", "lost"] * 3:
        make_opportunity(north, stage=stage)
        make_opportunity(south, stage=stage)
    client = web_as(p.DIRECTOR)
    for url in ["/customers/pipeline/opportunities/board/", "/customers/pipeline/opportunities/",
                "/customers/pipeline/opportunities/funnel/"]:
        client.get(url)
        with max_queries(22):
            assert client.get(url).status_code == 200


# -- list, funnel, detail and forms ----------------------------------------------------------------------------

def test_list_filters_by_stage_and_htmx_gets_the_table():
    make_opportunity(north_customer(name="学习阶段客户"), stage="learn")
    make_opportunity(north_customer(name="接近阶段客户"))
    html = web_as(p.NORTH_REP).get("/customers/pipeline/opportunities/?stage=learn", **HX).content.decode()
    assert "<table" in html and "<html" not in html
    assert "学习阶段客户" in html and "接近阶段客户" not in html


def test_funnel_page_shows_the_chart_and_the_table_behind_it():
    make_opportunity(north_customer(), stage="won")
    html = web_as(p.NORTH_REP).get("/customers/pipeline/opportunities/funnel/").content.decode()
    assert 'id="funnel-chart"' in html and '"type": "funnel"' in html
    assert 'id="funnel-win-rate">100.0%<' in html


def test_detail_moves_by_form_and_shows_the_stage_history():
    opportunity = make_opportunity(north_customer())
    client = web_as(p.NORTH_REP)
    url = f"/customers/pipeline/opportunities/{opportunity.pk}/"
    response = client.post(url + "move/", {"stage": "lost", "lost_reason": "预算取消"})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert "预算取消" in html
    assert client.get(url + "?tab=history").status_code == 200
    assert web_as(p.SOUTH_REP).get(url).status_code == 404


def test_create_and_edit_an_opportunity_through_the_forms():
    customer = north_customer()
    client = web_as(p.NORTH_REP)
    response = client.post("/customers/pipeline/opportunities/new/", {
        "customer": customer.pk, "name": "数码印花机", "stage": "learn", "amount": "88000", "expected_close": "",
        "products": "数码印花机", "source": "", "owner": user(p.NORTH_REP).pk})
    opportunity = Opportunity.objects.get(name="数码印花机")
    assert response.status_code == 302 and opportunity.stage == "learn"
    client.post(f"/customers/pipeline/opportunities/{opportunity.pk}/edit/", {
        "name": "数码印花机 2台", "amount": "176000", "products": "数码印花机", "owner": user(p.NORTH_REP).pk})
    opportunity.refresh_from_db()
    assert opportunity.name == "数码印花机 2台" and opportunity.amount == 176000


def test_the_form_offers_only_customers_in_scope():
    north_customer(name="北方印务有限公司")
    south_customer(name="南方包装有限公司")
    html = web_as(p.NORTH_REP).get("/customers/pipeline/opportunities/new/").content.decode()
    assert "北方印务有限公司" in html and "南方包装有限公司" not in html


# -- customer 360 panels ---------------------------------------------------------------------------------------

def test_customer_page_shows_the_activities_timeline_and_the_log_form():
    customer = north_customer()
    log(customer, subject="上门拜访老板")
    html = web_as(p.NORTH_REP).get(f"/customers/{customer.pk}/?tab=activities").content.decode()
    assert 'id="activities-panel"' in html and 'id="log-activity"' in html and "上门拜访老板" in html


def test_logging_an_activity_inline_returns_the_refreshed_panel():
    customer = north_customer()
    response = web_as(p.NORTH_REP).post(f"/customers/pipeline/customers/{customer.pk}/log/", {
        "activity-kind": "visit", "activity-subject": "送样品", "activity-outcome": "客户满意",
        "activity-next_step": "跟进合同", "activity-remind_at": "2030-01-01T09:00"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="activities-panel"' in html
    assert "送样品" in html and "跟进合同" in html
    activity = Activity.objects.get(customer=customer)
    assert timezone.localtime(activity.remind_at).isoformat() == "2030-01-01T09:00:00+08:00"
    assert activity.kind == "visit"


def test_an_invalid_inline_activity_shows_the_errors_in_the_panel():
    customer = north_customer()
    html = web_as(p.NORTH_REP).post(f"/customers/pipeline/customers/{customer.pk}/log/",
                                    {"activity-kind": "call", "activity-subject": ""}, **HX).content.decode()
    assert "invalid-feedback" in html and not Activity.objects.filter(customer=customer).exists()


def test_logging_on_a_customer_out_of_scope_is_404():
    customer = south_customer()
    response = web_as(p.NORTH_REP).post(f"/customers/pipeline/customers/{customer.pk}/log/",
                                        {"activity-kind": "call", "activity-subject": "x"}, **HX)
    assert response.status_code == 404


def test_customer_page_lists_its_opportunities():
    customer = north_customer()
    make_opportunity(customer, name="覆膜机项目")
    html = web_as(p.NORTH_REP).get(f"/customers/{customer.pk}/?tab=opportunities").content.decode()
    assert 'id="opportunities-panel"' in html and "覆膜机项目" in html


# -- visit week and my day -------------------------------------------------------------------------------------

def _monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def test_visit_week_adds_moves_logs_and_removes_visits_with_htmx():
    customer = north_customer(name="拜访对象有限公司")
    client = web_as(p.NORTH_REP)
    week = {"week": _monday().isoformat()}
    html = client.post("/customers/pipeline/visits/add/", {**week, "customer": customer.pk,
                                                           "planned_on": _monday().isoformat(), "purpose": "送样"},
                       **HX).content.decode()
    assert "拜访对象有限公司" in html and "<html" not in html
    plan = VisitPlan.objects.get(customer=customer)
    tuesday = _monday() + datetime.timedelta(days=1)
    client.post(f"/customers/pipeline/visits/{plan.pk}/move/", {**week, "planned_on": tuesday.isoformat()}, **HX)
    plan.refresh_from_db()
    assert plan.planned_on == tuesday
    client.post(f"/customers/pipeline/visits/{plan.pk}/done/", {**week, "outcome": "客户满意"}, **HX)
    plan.refresh_from_db()
    assert plan.activity.kind == "visit" and plan.activity.outcome == "客户满意"
    html = client.post(f"/customers/pipeline/visits/{plan.pk}/remove/", week, **HX).content.decode()
    assert 'id="week-error"' in html and VisitPlan.objects.filter(pk=plan.pk).exists()


def test_a_manager_sees_a_reps_week_but_a_rep_only_their_own():
    customer = north_customer(name="北方印务有限公司")
    services.plan_visit(actor=user(p.NORTH_REP), customer=customer, planned_on=_monday())
    rep_id = user(p.NORTH_REP).pk
    url = f"/customers/pipeline/visits/?owner={rep_id}&week={_monday().isoformat()}"
    assert "北方印务有限公司" in web_as(p.REGIONAL_MANAGER).get(url).content.decode()
    other = f"/customers/pipeline/visits/?owner={rep_id}"
    assert "北方印务有限公司" not in web_as(p.SOUTH_REP).get(other).content.decode()


def test_my_day_offers_visit_plans_and_the_board_only_to_those_who_may_open_them():
    rep = web_as(p.NORTH_REP).get("/customers/pipeline/my-day/").content.decode()
    assert 'href="/customers/pipeline/visits/"' in rep and 'href="/customers/pipeline/opportunities/board/?' in rep
    agent = web_as(p.CS_AGENT).get("/customers/pipeline/my-day/")
    assert agent.status_code == 200
    assert "/customers/pipeline/visits/" not in agent.content.decode()
    assert "/customers/pipeline/opportunities/board/" not in agent.content.decode()
    assert web_as(p.CS_AGENT).get("/customers/pipeline/visits/").status_code == 403


def test_my_day_lists_todays_work():
    customer = north_customer(name="今日拜访有限公司")
    services.plan_visit(actor=user(p.NORTH_REP), customer=customer, planned_on=timezone.localdate())
    html = web_as(p.NORTH_REP).get("/customers/pipeline/my-day/").content.decode()
    assert 'id="today-visits"' in html and "今日拜访有限公司" in html
    for card in ["today-reminders", "overdue-steps", "closing-this-week", "logged-today", "reclaim-notices"]:
        assert f'id="{card}"' in html


# -- leads -----------------------------------------------------------------------------------------------------

def test_lead_is_created_converted_and_leads_to_the_opportunity():
    client = web_as(p.NORTH_REP)
    response = client.post("/customers/pipeline/leads/new/", {
        "name": "王海", "company": "苏州鑫彩包装有限公司", "phone": "17012345678", "province_code": "",
        "city_code": "320500", "source": "trade_fair", "interest": "UV平板打印机", "owner": user(p.NORTH_REP).pk})
    lead = Lead.objects.get(name="王海")
    assert response.status_code == 302 and lead.province_code == "320000"
    html = client.get(f"/customers/pipeline/leads/{lead.pk}/").content.decode()
    assert "170****5678" in html and 'id="lead-convert"' in html
    response = client.post(f"/customers/pipeline/leads/{lead.pk}/convert/", {"amount": "50000"})
    lead.refresh_from_db()
    assert lead.status == "converted"
    assert response["Location"] == f"/customers/pipeline/opportunities/{lead.opportunity_id}/"


def test_lead_list_defaults_to_open_leads_and_htmx_gets_the_table():
    rep = user(p.NORTH_REP)
    services.create_lead(actor=rep, name="张三", company="开放线索有限公司")
    closed = services.create_lead(actor=rep, name="李四", company="关闭线索有限公司")
    services.disqualify_lead(actor=rep, lead=closed, reason="空号")
    html = web_as(p.NORTH_REP).get("/customers/pipeline/leads/", **HX).content.decode()
    assert "开放线索有限公司" in html and "关闭线索有限公司" not in html and "<html" not in html
    html = web_as(p.NORTH_REP).get("/customers/pipeline/leads/?status=disqualified").content.decode()
    assert "关闭线索有限公司" in html


def test_disqualifying_without_a_reason_is_refused_with_a_message():
    lead = services.create_lead(actor=user(p.NORTH_REP), name="张三")
    client = web_as(p.NORTH_REP)
    client.post(f"/customers/pipeline/leads/{lead.pk}/disqualify/", {"reason": ""})
    assert Lead.objects.get(pk=lead.pk).status == "new"
    client.post(f"/customers/pipeline/leads/{lead.pk}/disqualify/", {"reason": "同行"})
    assert Lead.objects.get(pk=lead.pk).status == "disqualified"


def test_someone_elses_lead_is_404():
    lead = services.create_lead(actor=user(p.SOUTH_REP), name="张三")
    assert web_as(p.NORTH_REP).get(f"/customers/pipeline/leads/{lead.pk}/").status_code == 404
    assert web_as(p.NORTH_REP).post(f"/customers/pipeline/leads/{lead.pk}/contacted/").status_code == 404


def test_the_dashboard_card_counts_a_managers_whole_scope():
    make_opportunity(north_customer(), stage="learn")
    make_opportunity(north_customer(), stage="close")
    html = web_as(p.REGIONAL_MANAGER).get("/").content.decode()
    assert 'id="my-pipeline-count">2<' in html
