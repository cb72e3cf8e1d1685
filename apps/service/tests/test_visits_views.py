"""Return-visit pages: the queue (boxes, coverage, HTMX table), the visit page (script, record form, agreed time,
satisfaction link), the follow-up queue, the ticket page's visits card, and the customer's public satisfaction
page (no login, CSRF, single use, expiry)."""

import pytest
from django.test import Client

from apps.service.models import FindingStep, ReturnVisit
from apps.service.services import visits
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .clock import at, frozen
from .factories import make_customer, unit
from .visit_factories import resolved_ticket, routed, visit_of

pytestmark = pytest.mark.django_db
AGENT = "return_visit_agent"


@pytest.fixture(autouse=True)
def _routing():
    routed()


@pytest.fixture
def visit():
    customer = make_customer(name="北京彩印广告有限公司", phone="13810086000", email="boss@caiyin.cn")
    return visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="complaint", customer=customer,
                                    subject="新机安装后频繁卡纸"))


# -- the queue -----------------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login_and_a_role_without_the_right_is_refused():
    response = web_as(None).get("/service/return-visits/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert web_as(p.NORTH_REP).get("/service/return-visits/").status_code == 403


def test_the_queue_shows_the_boxes_the_visits_and_member_coverage(visit):
    make_customer(is_member=True)
    with frozen(at(2026, 11, 24, 10)):
        html = web_as(AGENT).get("/service/return-visits/?box=open").content.decode()
    assert "北京彩印广告有限公司" in html and 'data-count="open">1<' in html
    assert 'id="member-coverage"' in html and 'data-coverage="0.0"' in html
    with frozen(at(2026, 11, 24, 10)):
        visits.plan_member_visits()
        html = web_as(AGENT).get("/service/return-visits/?box=members").content.decode()
    assert 'data-coverage="100.0"' in html and 'data-count="members">1<' in html


def test_the_queue_boxes_due_today_overdue_upcoming(visit):
    repair = visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="repair"))  # due 27th 10:00
    client = web_as(AGENT)
    with frozen(at(2026, 11, 27, 9)):
        html = client.get("/service/return-visits/?box=today").content.decode()
    assert f'data-visit="{repair.pk}"' in html and f'data-visit="{visit.pk}"' not in html
    with frozen(at(2026, 11, 27, 11)):
        assert f'data-visit="{repair.pk}"' in client.get("/service/return-visits/?box=overdue").content.decode()
        assert f'data-visit="{visit.pk}"' in client.get("/service/return-visits/?box=upcoming").content.decode()


def test_the_htmx_request_returns_only_the_table(visit):
    response = web_as(AGENT).get("/service/return-visits/?box=open&q=彩印", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and "<html" not in html and "北京彩印广告有限公司" in html
    assert "北京彩印" not in web_as(AGENT).get("/service/return-visits/?box=open&q=无此客户",
                                           HTTP_HX_REQUEST="true").content.decode()


def test_the_queue_runs_a_bounded_number_of_queries():
    for index in range(8):
        resolved_ticket(at(2026, 11, 24, 10), customer=make_customer(phone=f"1382222{index:04d}"))
    client = web_as(AGENT)
    client.get("/service/return-visits/?box=open")
    with max_queries(20):
        assert client.get("/service/return-visits/?box=open").status_code == 200


def test_the_nav_shows_return_visits_to_agents_and_follow_ups_to_department_heads():
    assert 'data-nav="service-visits"' in web_as(AGENT).get("/").content.decode()
    html = web_as("aftersales_manager").get("/").content.decode()
    assert 'data-nav="service-follow-ups"' in html and 'data-nav="service-visits"' not in html


# -- the visit page ------------------------------------------------------------------------------------------------

def test_the_visit_page_has_the_script_the_form_and_the_number_to_dial(visit):
    html = web_as(AGENT).get(f"/service/return-visits/{visit.pk}/").content.decode()
    assert 'id="call-script"' in html and "新机安装后频繁卡纸" in html and visit.ticket.number in html
    assert 'id="record-form"' in html and 'href="tel:+8613810086000"' in html
    manager_html = web_as(p.CS_MANAGER).get(f"/service/return-visits/{visit.pk}/").content.decode()
    assert 'href="tel:+8613810086000"' in manager_html


def test_out_of_scope_visits_are_404():
    other = visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="service", agent="cs_manager"))
    assert web_as(p.CS_AGENT).get(f"/service/return-visits/{other.pk}/").status_code == 404
    assert web_as(p.CS_AGENT).post(f"/service/return-visits/{other.pk}/record/",
                                   {"rec-reached": "no"}).status_code == 404


def test_a_colleague_sees_the_visit_without_the_record_form(visit):
    html = web_as(p.CS_AGENT).get(f"/service/return-visits/{visit.pk}/").content.decode()
    assert 'id="record-form"' not in html
    assert web_as(p.CS_AGENT).post(f"/service/return-visits/{visit.pk}/record/",
                                   {"rec-reached": "no"}).status_code == 403


def test_recording_unsatisfied_reopens_the_ticket(visit):
    response = web_as(AGENT).post(f"/service/return-visits/{visit.pk}/record/", {
        "rec-reached": "yes", "rec-satisfied": "no", "rec-score": "2", "rec-comment": "卡纸问题依旧"})
    assert response.status_code == 302
    visit.ticket.refresh_from_db()
    assert visit.ticket.status == "reopened"
    html = web_as(AGENT).get(response["Location"]).content.decode()
    assert 'id="visit-outcome"' in html and 'id="visit-follow-up"' in html and "卡纸问题依旧" in html


def test_a_wrong_record_names_the_fields_and_keeps_the_visit(visit):
    response = web_as(AGENT).post(f"/service/return-visits/{visit.pk}/record/", {
        "rec-reached": "yes", "rec-satisfied": "no", "rec-comment": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("invalid-feedback") >= 2
    assert ReturnVisit.objects.get(pk=visit.pk).status == "pending"


def test_a_done_visit_says_so_instead_of_recording_twice(visit):
    client = web_as(AGENT)
    data = {"rec-reached": "yes", "rec-satisfied": "yes", "rec-score": "5"}
    client.post(f"/service/return-visits/{visit.pk}/record/", data)
    response = client.post(f"/service/return-visits/{visit.pk}/record/", data, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="visit-outcome"' in html and "alert-danger" in html
    assert ReturnVisit.objects.get(pk=visit.pk).attempt_count == 1


def test_take_schedule_and_cancel(visit):
    client = web_as(p.CS_AGENT)  # sees the complaint team's visit, may take an unassigned one
    assert client.post(f"/service/return-visits/{visit.pk}/do/cancel/", {"reason": "x"}).status_code == 403
    ReturnVisit.objects.filter(pk=visit.pk).update(assignee=None)
    assert client.post(f"/service/return-visits/{visit.pk}/do/take/").status_code == 302
    assert ReturnVisit.objects.get(pk=visit.pk).assignee == user(p.CS_AGENT)
    with frozen(at(2026, 11, 24, 11)):
        client.post(f"/service/return-visits/{visit.pk}/do/schedule/", {
            "sch-call_at": "2026-11-24T12:30", "sch-agreed": "on", "sch-note": "客户午休时方便"})
    assert ReturnVisit.objects.get(pk=visit.pk).scheduled_at == at(2026, 11, 24, 12, 30)
    client.post(f"/service/return-visits/{visit.pk}/do/cancel/", {"reason": "客户要求不再回访"})
    assert ReturnVisit.objects.get(pk=visit.pk).status == "cancelled"
    assert client.post(f"/service/return-visits/{visit.pk}/do/nonsense/").status_code == 403


def test_a_lead_assigns_the_visit(visit):
    assert web_as(p.CS_AGENT).post(f"/service/return-visits/{visit.pk}/do/assign/",
                                   {"assignee": user(p.CS_AGENT).pk}).status_code == 403
    leader = web_as(p.CS_GROUP_LEADER)
    assert 'id="action-assign"' in leader.get(f"/service/return-visits/{visit.pk}/").content.decode()
    ReturnVisit.objects.filter(pk=visit.pk).update(assignee=None)
    leader.post(f"/service/return-visits/{visit.pk}/do/assign/", {"assignee": user(AGENT).pk})
    assert ReturnVisit.objects.get(pk=visit.pk).assignee == user(AGENT)


def test_the_link_is_made_to_copy_and_mailed(visit, mailoutbox, django_capture_on_commit_callbacks):
    client = web_as(AGENT)
    html = client.post(f"/service/return-visits/{visit.pk}/do/link/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="link-url"' in html and "/service/satisfaction/" in html and "<html" not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/service/return-visits/{visit.pk}/do/link/", {"send": "1"})
    assert mailoutbox[0].to == ["boss@caiyin.cn"] and "/service/satisfaction/" in mailoutbox[0].body


def test_the_ticket_page_shows_its_visits(visit):
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{visit.ticket_id}/").content.decode()
    assert 'id="ticket-visits"' in html and f'data-visit="{visit.pk}"' in html
    assert 'id="ticket-visits"' not in web_as("sales_admin").get(
        f"/service/tickets/{visit.ticket_id}/").content.decode()


def test_the_visit_page_links_the_customer_only_for_those_who_may_open_the_archive(visit):
    archive = f'href="/customers/{visit.customer_id}/"'
    assert archive in web_as(p.CS_MANAGER).get(f"/service/return-visits/{visit.pk}/").content.decode()
    html = web_as(p.CS_SUPERVISOR).get(f"/service/return-visits/{visit.pk}/").content.decode()
    assert "北京彩印广告有限公司" in html and archive not in html
    assert web_as(p.CS_SUPERVISOR).get(f"/customers/{visit.customer_id}/").status_code == 404


# -- follow-ups ----------------------------------------------------------------------------------------------------

def test_the_follow_up_queue_forwards_and_records_measures(visit):
    web_as(AGENT).post(f"/service/return-visits/{visit.pk}/record/", {
        "rec-reached": "yes", "rec-satisfied": "no", "rec-score": "1", "rec-comment": "没人上门"})
    step = FindingStep.objects.get()
    html = web_as(AGENT).get("/service/return-visits/follow-ups/?box=mine").content.decode()
    assert f'data-step="{step.pk}"' in html and f'id="step-form-{step.pk}"' in html
    web_as(AGENT).post(f"/service/return-visits/follow-ups/{step.pk}/complete/", {
        "step-department": unit("aftersales").pk, "step-note": "已转售后"})
    measures = FindingStep.objects.get(kind="measures")
    assert measures.assignee == user("aftersales_manager")
    manager = web_as("aftersales_manager")
    html = manager.get("/service/return-visits/follow-ups/").content.decode()
    assert f'id="step-form-{measures.pk}"' in html
    assert 'href="/service/return-visits/"' not in html  # the queue itself is the agents'
    assert 'href="/service/return-visits/"' in web_as(AGENT).get("/service/return-visits/follow-ups/").content.decode()
    assert web_as(p.NORTH_REP).get("/service/return-visits/follow-ups/").status_code == 403
    manager.post(f"/service/return-visits/follow-ups/{measures.pk}/complete/", {"step-note": "更换搓纸轮批次"})
    assert FindingStep.objects.get(kind="revisit").status == "open"
    assert ReturnVisit.objects.filter(source="follow_up").count() == 1


# -- the customer's satisfaction page ------------------------------------------------------------------------------

def _link(visit) -> str:
    return f"/service/satisfaction/{visits.issue_link(actor=user(AGENT), visit=visit)}/"


def test_the_customer_answers_once_without_logging_in(visit):
    url = _link(visit)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="survey-form"' in html and "csrfmiddlewaretoken" in html
    assert "新机安装后频繁卡纸" in html and 'name="viewport"' in html
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"satisfied": "no", "score": "2"}).status_code == 403  # no CSRF token
    answered = client.post(url, {"satisfied": "no", "score": "2", "comment": "还是卡纸",
                                 "csrfmiddlewaretoken": token})
    assert answered.status_code == 200 and 'data-state="thanks"' in answered.content.decode()
    done = ReturnVisit.objects.get(pk=visit.pk)
    assert done.status == "done" and done.answered_via == "link" and done.comment == "还是卡纸"
    done.ticket.refresh_from_db()
    assert done.ticket.status == "reopened"
    again = client.get(url)
    assert 'data-state="answered"' in again.content.decode()
    twice = client.post(url, {"satisfied": "yes", "score": "5", "csrfmiddlewaretoken": token})
    assert 'data-state="answered"' in twice.content.decode()
    assert ReturnVisit.objects.get(pk=visit.pk).satisfied is False


def test_the_survey_form_asks_again_when_incomplete(visit):
    response = Client().post(_link(visit), {"satisfied": "yes"})
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()


def test_an_expired_and_a_wrong_link_show_clear_pages(visit):
    with frozen(at(2026, 11, 24, 10)):
        url = _link(visit)
    with frozen(at(2026, 12, 2, 10)):
        expired = Client().get(url)
    assert expired.status_code == 410 and 'data-state="expired"' in expired.content.decode()
    wrong = Client().get("/service/satisfaction/abc:def/")
    assert wrong.status_code == 404 and 'data-state="invalid"' in wrong.content.decode()



def test_a_cancelled_visits_link_says_the_survey_is_closed(visit):
    url = _link(visit)
    visits.cancel_return_visit(actor=user(p.CS_SUPERVISOR), visit=visit, reason="客户要求不再回访")
    assert 'data-state="closed"' in Client().get(url).content.decode()


def test_the_page_warns_in_the_customers_rest_time(visit):
    client = web_as(AGENT)
    with frozen(at(2026, 11, 25, 12, 30)):
        html = client.get(f"/service/return-visits/{visit.pk}/").content.decode()
    assert 'id="quiet-warning"' in html and "11-25 14:00" in html
    with frozen(at(2026, 11, 25, 10, 0)):
        assert 'id="quiet-warning"' not in client.get(f"/service/return-visits/{visit.pk}/").content.decode()
