"""The ticket API contract (issue #5) and the anonymous / no-permission / permitted / other-scope matrix."""

import pytest

from apps.service.models import RoutingRule, SLAPolicy, Ticket
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from .clock import at
from .factories import make_customer, make_rule, make_ticket, unit

pytestmark = pytest.mark.django_db

FIVE = {"facts": "客户反映墨水渗漏", "reply_to_customer": "已告知更换墨盒", "cause": "墨盒批次密封不良",
        "handling": "免费更换墨盒", "result": "客户满意", "next_reply_at": "2026-11-25T16:00:00+08:00"}


def test_anonymous_is_401_with_the_error_body():
    response = api_as(None).get("/api/v1/tickets/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_create_a_complaint_by_phone_with_the_contract_fields():
    make_rule("cs-complaint", kind="complaint")
    customer = make_customer(phone="13822223333")
    response = api_as(p.CS_AGENT).post("/api/v1/tickets/", {
        "kind": "complaint", "phone": "13822223333", "subject": "墨水渗漏", "description": "新买的墨盒漏墨",
        "priority": "high", "is_major": False, "channel": "hotline", "complaint_type": "effective",
        "received_at": "2026-09-30T15:00:00+08:00"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"id", "number", "status", "status_label", "first_response_due", "resolution_due", "sla_status",
            "assignee", "team"} <= set(body)
    assert body["customer"] == customer.pk and body["team"] == unit("cs-complaint").pk
    assert body["status"] == "new" and body["resolution_due"] == "2026-10-10T15:00:00+08:00"  # 8, 9, 10 (调休)
    assert body["number"].startswith("T2026")


def test_create_by_customer_id_outside_scope_is_400():
    customer = make_customer(owner="sales_rep")
    response = api_as(p.SOUTH_REP).post("/api/v1/tickets/", {"kind": "inquiry", "customer": customer.pk,
                                                             "subject": "x"}, format="json")
    assert response.status_code == 400 and "customer" in response.json()["fields"]


@pytest.mark.parametrize(("field", "value"), [("kind", "praise"), ("priority", "now"), ("phone", "call me"),
                                              ("received_at", "2031-01-01T00:00:00+08:00"), ("subject", "")])
def test_bad_input_is_400_naming_the_field(field, value):
    body = {"kind": "inquiry", "phone": "13900001111", "subject": "x", field: value}
    response = api_as(p.CS_AGENT).post("/api/v1/tickets/", body, format="json")
    assert response.status_code == 400 and field in response.json()["fields"]
    assert not Ticket.objects.exists()


def test_a_role_without_the_right_cannot_create_or_act():
    ticket = make_ticket()
    assert api_as(p.NORTH_REP).post(f"/api/v1/tickets/{ticket.pk}/resolve/", {}).status_code in (403, 404)
    response = api_as("qa_evaluator").post(f"/api/v1/tickets/{ticket.pk}/resolve/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_an_agent_outside_the_team_gets_404_by_id_and_does_not_see_it_listed():
    make_rule("cs-inquiry", kind="inquiry")
    ticket = make_ticket("cs_manager", kind="inquiry")
    client = api_as(p.CS_AGENT)
    assert client.get(f"/api/v1/tickets/{ticket.pk}/").status_code == 404
    assert client.post(f"/api/v1/tickets/{ticket.pk}/take/").status_code == 404
    assert client.get("/api/v1/tickets/").json()["count"] == 0


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_answers_404(guess):
    assert api_as(p.CS_AGENT).get(f"/api/v1/tickets/{guess}/").status_code == 404


def test_partner_users_create_and_see_their_companys_tickets_only():
    customer = make_customer(partner_unit=unit("partner-bj-alf"))
    response = api_as(p.PARTNER_A_USER).post("/api/v1/tickets/", {
        "kind": "repair", "phone": "13955556666", "subject": "经销商报修", "channel": "partner_portal"},
        format="json")
    assert response.status_code == 201
    make_ticket(customer=customer, subject="客户投诉")
    assert {t["subject"] for t in api_as(p.PARTNER_A_USER).get("/api/v1/tickets/").json()["results"]} == {
        "经销商报修", "客户投诉"}
    assert api_as(p.PARTNER_B_USER).get("/api/v1/tickets/").json()["count"] == 0


def test_the_whole_flow_through_the_actions():
    make_rule("cs-complaint", kind="complaint")
    agent, leader = api_as(p.CS_AGENT), api_as(p.CS_GROUP_LEADER)
    ticket_id = agent.post("/api/v1/tickets/", {"kind": "complaint", "phone": "13800007777", "subject": "漏墨",
                                                "complaint_type": "effective"}, format="json").json()["id"]
    body = leader.post(f"/api/v1/tickets/{ticket_id}/assign/", {"assignee": user(p.CS_AGENT).pk},
                       format="json").json()
    assert body["status"] == "assigned" and body["assignee"] == user(p.CS_AGENT).pk
    reply = agent.post(f"/api/v1/tickets/{ticket_id}/reply/", {"body": "您好"}, format="json")
    assert reply.status_code == 201 and reply.json()["kind"] == "reply"
    assert agent.post(f"/api/v1/tickets/{ticket_id}/wait-customer/", {"reason": "等照片"},
                      format="json").json()["sla_paused"] is True
    assert agent.post(f"/api/v1/tickets/{ticket_id}/resume/", {}, format="json").json()["status"] == "in_progress"

    refused = agent.post(f"/api/v1/tickets/{ticket_id}/resolve/", {"facts": "漏墨"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "five_clears_incomplete"
    assert set(refused.json()["fields"]) == {"reply_to_customer", "cause", "handling", "result"}

    resolved = agent.post(f"/api/v1/tickets/{ticket_id}/resolve/", FIVE, format="json").json()
    assert resolved["status"] == "resolved" and resolved["sla_status"] == "met"
    conflict = agent.post(f"/api/v1/tickets/{ticket_id}/resume/", {}, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "invalid_transition"
    assert agent.post(f"/api/v1/tickets/{ticket_id}/reopen/", {}, format="json").status_code == 400
    reopened = agent.post(f"/api/v1/tickets/{ticket_id}/reopen/", {"reason": "客户不满意"}, format="json").json()
    assert reopened["status"] == "reopened"


def test_an_agent_cannot_work_a_colleagues_ticket_but_the_leader_can():
    make_rule("cs-complaint", kind="complaint")
    ticket = make_ticket("cs_group_leader", kind="complaint", assign_to_me=True)
    response = api_as(p.CS_AGENT).post(f"/api/v1/tickets/{ticket.pk}/wait-customer/", {}, format="json")
    assert response.status_code == 403
    assert api_as(p.CS_AGENT).post(f"/api/v1/tickets/{ticket.pk}/assign/", {"assignee": user(p.CS_AGENT).pk},
                                   format="json").status_code == 403


def test_patch_updates_details_and_classification():
    ticket = make_ticket(kind="inquiry", assign_to_me=True)
    body = api_as(p.CS_AGENT).patch(f"/api/v1/tickets/{ticket.pk}/", {"kind": "complaint", "priority": "urgent",
                                                                      "complaint_type": "effective"},
                                    format="json").json()
    assert body["kind"] == "complaint" and Ticket.objects.get(pk=ticket.pk).sla_policy.name == "一般投诉(紧急)"


def test_list_filters_search_and_ordering():
    make_ticket(kind="repair", subject="喷头堵塞", received_at=at(2026, 11, 1))
    make_ticket(kind="inquiry", subject="价格", is_major=False, received_at=at(2026, 11, 20))
    client = api_as(p.CS_MANAGER)
    assert [t["subject"] for t in client.get("/api/v1/tickets/?kind=repair").json()["results"]] == ["喷头堵塞"]
    assert [t["subject"] for t in client.get("/api/v1/tickets/?search=喷头").json()["results"]] == ["喷头堵塞"]
    assert [t["subject"] for t in client.get("/api/v1/tickets/?ordering=received_at").json()["results"]] == [
        "喷头堵塞", "价格"]
    assert client.get("/api/v1/tickets/?status=new&sla_status=on_track&sla_status=breached").status_code == 200
    assert client.get("/api/v1/tickets/?created_at__gte=2026-01-01T00:00:00%2B08:00").json()["count"] == 2
    assert client.get("/api/v1/tickets/?is_major=true").json()["count"] == 0


def test_the_list_has_no_n_plus_one():
    for _ in range(15):
        make_ticket(customer=make_customer(), assign_to_me=True)
    client = api_as(p.CS_MANAGER)
    client.get("/api/v1/tickets/?page_size=2")
    with max_queries(10):
        assert client.get("/api/v1/tickets/?page_size=100").json()["count"] == 15


def test_masked_phone_for_agents_full_for_managers():
    ticket = make_ticket(phone="13912340000")
    assert api_as(p.CS_MANAGER).get(f"/api/v1/tickets/{ticket.pk}/").json()["phone"] == "13912340000"
    assert api_as(p.DIRECTOR).get(f"/api/v1/tickets/{ticket.pk}/").json()["phone"] == "13912340000"
    assert api_as("qa_evaluator").get(f"/api/v1/tickets/{ticket.pk}/").json()["phone"] == "139****0000"


# -- configuration -------------------------------------------------------------------------------------------------

def test_categories_policies_and_rules_are_listed_for_agents():
    client = api_as(p.CS_AGENT)
    assert client.get("/api/v1/ticket-categories/").json()["count"] >= 20
    assert client.get("/api/v1/sla-policies/").json()["count"] == SLAPolicy.objects.count()
    assert client.get("/api/v1/routing-rules/").status_code == 200


def test_managers_edit_policies_and_rules_agents_may_not():
    body = {"name": "VIP", "position": 1, "customer_grade": "A", "resolution_target": "1",
            "resolution_unit": "working_days"}
    assert api_as(p.CS_AGENT).post("/api/v1/sla-policies/", body, format="json").status_code == 403
    created = api_as(p.CS_MANAGER).post("/api/v1/sla-policies/", body, format="json")
    assert created.status_code == 201 and created.json()["customer_grade"] == "A"
    bad = api_as(p.CS_MANAGER).post("/api/v1/sla-policies/", {**body, "resolution_target": "1.5"}, format="json")
    assert bad.status_code == 400 and "resolution_target" in bad.json()["fields"]
    rule = api_as(p.CS_MANAGER).post("/api/v1/routing-rules/", {
        "name": "投诉", "kind": "complaint", "team": unit("cs-complaint").pk, "assignment": "round_robin"},
        format="json")
    assert rule.status_code == 201 and RoutingRule.objects.get().team.code == "cs-complaint"
    policy_id = created.json()["id"]
    assert api_as(p.CS_MANAGER).delete(f"/api/v1/sla-policies/{policy_id}/").status_code == 204
    default = SLAPolicy.objects.get(is_default=True)
    assert api_as(p.CS_MANAGER).delete(f"/api/v1/sla-policies/{default.pk}/").status_code == 400


def test_a_category_moves_with_its_children():
    client = api_as(p.CS_MANAGER)
    parent = client.post("/api/v1/ticket-categories/", {"name": "耗材"}, format="json").json()
    child = client.post("/api/v1/ticket-categories/", {"name": "墨水", "parent": parent["id"]}, format="json").json()
    assert child["path"] == f"{parent['path']}{child['id']}/"
    assert api_as(p.CS_AGENT).post("/api/v1/ticket-categories/", {"name": "x"}, format="json").status_code == 403


def test_the_schema_documents_the_actions():
    schema = api_as(p.ADMIN).get("/api/schema/?format=json").json()
    for path in ["/api/v1/tickets/", "/api/v1/tickets/{id}/resolve/", "/api/v1/tickets/{id}/wait-customer/",
                 "/api/v1/sla-policies/", "/api/v1/routing-rules/", "/api/v1/ticket-categories/"]:
        assert path in schema["paths"]
