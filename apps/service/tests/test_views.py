"""Service-desk pages: render, HTMX partials, scope (404), buttons from rights, the call form and its lookup."""

import pytest

from apps.service.models import SavedView, Ticket
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories import make_customer, make_rule, make_ticket

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login():
    response = web_as(None).get("/service/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_role_without_tickets_is_refused_the_inbox():
    assert web_as(p.PARTNER_A_USER).get("/service/settings/").status_code == 403


def test_the_inbox_lists_the_users_tickets_with_sla_and_counts():
    make_rule("cs-complaint", kind="complaint")
    make_ticket(kind="complaint", complaint_type="effective", subject="印刷机卡纸投诉")
    html = web_as(p.CS_AGENT).get("/service/?box=team").content.decode()
    assert "印刷机卡纸投诉" in html and 'data-count="team">1<' in html
    assert "data-due=" in html


def test_the_inbox_htmx_request_returns_only_the_table():
    make_ticket(subject="咨询墨水价格")
    response = web_as(p.CS_MANAGER).get("/service/?q=墨水", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and "<html" not in html and "咨询墨水价格" in html


def test_the_counts_partial_is_polled_without_the_page():
    make_ticket()
    html = web_as(p.CS_MANAGER).get("/service/counts/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-count="open"' in html and "<html" not in html


def test_filters_narrow_the_list():
    make_ticket(kind="repair", subject="喷头堵塞报修")
    make_ticket(kind="inquiry", subject="价格咨询")
    html = web_as(p.CS_MANAGER).get("/service/?kind=repair").content.decode()
    assert "喷头堵塞报修" in html and "价格咨询" not in html


def _inbox_queries(client) -> int:
    with max_queries(22) as ctx:
        assert client.get("/service/?box=open").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", [p.CS_MANAGER, p.CS_AGENT])
def test_the_inbox_runs_a_constant_number_of_queries_for_10_or_60_tickets(persona):
    client = web_as(persona)
    for _ in range(10):
        make_ticket(customer=make_customer(), assign_to_me=True)
    client.get("/service/")
    ten = _inbox_queries(client)
    for _ in range(50):
        make_ticket(customer=make_customer(), assign_to_me=True)
    assert _inbox_queries(client) == ten


def test_the_inbox_row_shows_priority_caller_team_assignee_and_a_paused_clock():
    make_rule("cs-complaint", kind="complaint")
    ticket = make_ticket(kind="complaint", complaint_type="effective", priority="urgent", caller_name="张先生",
                         subject="喷头堵塞投诉")
    Ticket.objects.filter(pk=ticket.pk).update(sla_paused_at=ticket.received_at)
    html = web_as(p.CS_AGENT).get("/service/?box=team").content.decode()
    row = html[html.index(f'data-ticket="{ticket.number}"'):].split("</tr>")[0]
    assert f'href="/service/tickets/{ticket.pk}/"' in row and "喷头堵塞投诉" in row and "张先生" in row
    assert "bg-red-lt ms-1" in row and "data-due=" not in row and ticket.team.name in row


def test_saved_views_are_per_user():
    client = web_as(p.CS_AGENT)
    client.post("/service/views/", {"name": "我的报修", "query": "kind=repair&box=mine"})
    assert SavedView.objects.get(owner=user(p.CS_AGENT)).query == "kind=repair&box=mine"
    assert "我的报修" in client.get("/service/").content.decode()
    assert "我的报修" not in web_as(p.CS_MANAGER).get("/service/").content.decode()


def test_bulk_assign_gives_the_chosen_tickets_to_an_agent():
    tickets = [make_ticket(), make_ticket()]
    agent = user(p.CS_AGENT)
    web_as(p.CS_MANAGER).post("/service/bulk-assign/", {"ticket": [t.pk for t in tickets], "assignee": agent.pk})
    assert set(Ticket.objects.filter(pk__in=[t.pk for t in tickets]).values_list("assignee", flat=True)) == {agent.pk}


def test_the_ticket_page_shows_actions_from_rights():
    ticket = make_ticket()
    agent_html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert 'id="action-take"' in agent_html and "reply-form" in agent_html
    rep_html = web_as(p.NORTH_REP).get(f"/service/tickets/{ticket.pk}/").status_code
    assert rep_html == 404


def test_the_ticket_page_of_another_team_is_404_for_an_agent_outside_it():
    make_rule("cs-inquiry", kind="inquiry")
    ticket = make_ticket("cs_manager", kind="inquiry")
    assert web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").status_code == 404
    assert web_as(p.CS_MANAGER).get(f"/service/tickets/{ticket.pk}/").status_code == 200


def test_replying_by_htmx_returns_the_conversation():
    ticket = make_ticket(assign_to_me=True)
    response = web_as(p.CS_AGENT).post(f"/service/tickets/{ticket.pk}/reply/", {"body": "您好，已为您登记"},
                                       HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "您好，已为您登记" in html and "<html" not in html
    ticket.refresh_from_db()
    assert ticket.first_responded_at is not None and ticket.status == "in_progress"


def test_the_customer_360_panel_masks_the_phone_for_an_agent():
    customer = make_customer(grade="A", phone="13912345678")
    ticket = make_ticket(customer=customer, assign_to_me=True)
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert customer.name in html and "139****5678" in html and "13912345678" not in html
    assert 'id="customer-grade">A<' in html


def test_the_lookup_finds_the_caller_by_phone_or_says_unknown():
    customer = make_customer(phone="13800001111")
    client = web_as(p.CS_AGENT)
    html = client.get("/service/lookup/?phone=138 0000 1111", HTTP_HX_REQUEST="true").content.decode()
    assert customer.name in html and f'value="{customer.pk}"' in html
    html = client.get("/service/lookup/?phone=13500009999", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="caller-unknown"' in html


def test_the_call_form_logs_a_ticket_and_opens_it():
    customer = make_customer(phone="13800002222")
    response = web_as(p.CS_AGENT).post("/service/new/", {
        "phone": "13800002222", "customer": customer.pk, "kind": "repair", "priority": "normal",
        "channel": "hotline", "subject": "UV打印机喷头不出墨"})
    ticket = Ticket.objects.get(subject="UV打印机喷头不出墨")
    assert response.status_code == 302 and response["Location"] == f"/service/tickets/{ticket.pk}/"
    assert ticket.customer == customer and ticket.created_by == user(p.CS_AGENT)


def test_the_call_form_without_phone_or_customer_shows_the_error():
    response = web_as(p.CS_AGENT).post("/service/new/", {"kind": "inquiry", "priority": "normal",
                                                         "channel": "hotline", "subject": "x"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not Ticket.objects.exists()


def test_resolving_a_complaint_in_the_ui_is_refused_naming_what_is_missing():
    ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    response = web_as(p.CS_AGENT).post(f"/service/tickets/{ticket.pk}/five-clears/",
                                       {"fc-facts": "客户反映设备频繁卡纸", "resolve": "1"})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="five-clears-refusal"' in html
    assert "复清楚" in html and "记清楚" in html
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.facts == "客户反映设备频繁卡纸"


def test_the_settings_page_lists_the_shipped_policies():
    html = web_as(p.CS_MANAGER).get("/service/settings/").content.decode()
    assert "重大投诉" in html and "一般投诉" in html


def test_the_customer_360_page_gets_a_tickets_tab():
    customer = make_customer()
    make_ticket(customer=customer, subject="回访投诉")
    html = web_as(p.CS_MANAGER).get(f"/customers/{customer.pk}/?tab=tickets").content.decode()
    assert "回访投诉" in html


def test_the_dashboard_shows_the_heads_major_complaints():
    make_rule("cs-complaint", kind="complaint")
    make_ticket(kind="complaint", complaint_type="effective", is_major=True, subject="媒体曝光威胁")
    html = web_as(p.CS_MANAGER).get("/").content.decode()
    assert 'id="major-panel"' in html and "媒体曝光威胁" in html


def test_an_inquiry_resolves_from_its_button_without_the_clears():
    ticket = make_ticket(kind="inquiry", assign_to_me=True)
    response = web_as(p.CS_AGENT).post(f"/service/tickets/{ticket.pk}/five-clears/", {"resolve": "1"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "resolved"


def test_actions_move_the_ticket_and_a_refused_one_says_why():
    ticket = make_ticket(kind="inquiry", assign_to_me=True)
    client = web_as(p.CS_AGENT)
    client.post(f"/service/tickets/{ticket.pk}/do/wait-customer/", {"reason": "等客户回电"})
    ticket.refresh_from_db()
    assert ticket.status == "waiting_customer" and ticket.sla_paused_at is not None
    client.post(f"/service/tickets/{ticket.pk}/do/resume/")
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    assert client.post(f"/service/tickets/{ticket.pk}/do/reopen/", {"reason": "x"}).status_code == 403
    assert client.post(f"/service/tickets/{ticket.pk}/do/explode/").status_code == 403
