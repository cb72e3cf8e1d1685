"""Sales-process API: the anonymous / no right / permitted / other scope matrix, 404 for out-of-scope references,
actions (move, funnel, convert, disqualify), state conflicts as 409, and list query counts."""

import datetime

import pytest
from django.utils import timezone

from apps.customers import services
from apps.customers.models import Activity, Customer, Lead, Opportunity, VisitPlan
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from .pipeline_factories import log, make_opportunity, north_customer, south_customer

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/activities/", "/api/v1/visit-plans/", "/api/v1/opportunities/", "/api/v1/leads/",
         "/api/v1/opportunities/funnel/"]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_is_401(url):
    response = api_as(None).get(url)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("persona", [p.PARTNER_A_USER, p.HR])
def test_roles_without_the_right_get_403(url, persona):
    response = api_as(persona).get(url)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_lists_show_only_the_callers_scope():
    north, south = north_customer(), south_customer()
    for customer in (north, south):
        make_opportunity(customer)
        log(customer)
    for url in ["/api/v1/activities/", "/api/v1/opportunities/"]:
        assert {r["customer"] for r in api_as(p.NORTH_REP).get(url).json()["results"]} == {north.pk}
        assert {r["customer"] for r in api_as(p.BRANCH_GM).get(url).json()["results"]} == {south.pk}
        assert {r["customer"] for r in api_as(p.DIRECTOR).get(url).json()["results"]} == {north.pk, south.pk}


@pytest.mark.parametrize("resource", ["activities", "opportunities", "visit-plans", "leads"])
def test_other_scope_and_guessed_ids_are_404(resource):
    customer = south_customer()
    rep = user(p.SOUTH_REP)
    record = {
        "activities": lambda: log(customer),
        "opportunities": lambda: make_opportunity(customer),
        "visit-plans": lambda: services.plan_visit(actor=rep, customer=customer, planned_on=timezone.localdate()),
        "leads": lambda: services.create_lead(actor=rep, name="李娜"),
    }[resource]()
    client = api_as(p.NORTH_REP)
    for guess in [record.pk, 987654, "abc"]:
        response = client.get(f"/api/v1/{resource}/{guess}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.patch(f"/api/v1/{resource}/{record.pk}/", {}, format="json").status_code == 404
    assert api_as(p.SOUTH_REP).get(f"/api/v1/{resource}/{record.pk}/").status_code == 200


# -- activities ------------------------------------------------------------------------------------------------

def test_rep_logs_an_activity_and_the_customers_follow_up_moves():
    customer = north_customer()
    remind = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = api_as(p.NORTH_REP).post("/api/v1/activities/", {
        "customer": customer.pk, "kind": "call", "subject": "电话确认需求", "outcome": "有意向",
        "next_step": "寄样品", "remind_at": remind, "participants": [user(p.REGIONAL_MANAGER).pk]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["owner"]) == ("call", user(p.NORTH_REP).pk) and body["kind_label"]
    assert body["occurred_at"].endswith("+08:00")
    assert Customer.objects.get(pk=customer.pk).last_activity_at is not None


@pytest.mark.parametrize("url", ["/api/v1/activities/", "/api/v1/opportunities/", "/api/v1/visit-plans/"])
def test_a_record_for_a_customer_out_of_scope_is_404_on_that_field(url):
    body = {"customer": south_customer().pk, "kind": "call", "subject": "x", "name": "x",
            "planned_on": timezone.localdate().isoformat()}
    before = (Activity.objects.count(), Opportunity.objects.count(), VisitPlan.objects.count())
    for customer_id in [body["customer"], 987654]:
        response = api_as(p.NORTH_REP).post(url, {**body, "customer": customer_id}, format="json")
        assert response.status_code == 404, response.json()
        assert response.json()["code"] == "not_found" and "customer" in response.json()["fields"]
    assert (Activity.objects.count(), Opportunity.objects.count(), VisitPlan.objects.count()) == before


def test_an_activity_on_an_out_of_scope_opportunity_is_404_on_that_field():
    response = api_as(p.NORTH_REP).post("/api/v1/activities/", {
        "customer": north_customer().pk, "kind": "call", "subject": "x",
        "opportunity": make_opportunity(south_customer()).pk}, format="json")
    assert response.status_code == 404 and "opportunity" in response.json()["fields"]


def test_bad_activity_input_is_400_with_fields():
    response = api_as(p.NORTH_REP).post("/api/v1/activities/", {"customer": north_customer().pk, "kind": "fax"},
                                        format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "subject"}


def test_cs_agent_may_log_activities_but_not_open_opportunities():
    customer = north_customer()
    client = api_as(p.CS_AGENT)
    assert client.post("/api/v1/activities/", {"customer": customer.pk, "kind": "call", "subject": "来电咨询"},
                       format="json").status_code == 201
    response = client.post("/api/v1/opportunities/", {"customer": customer.pk, "name": "x"}, format="json")
    assert response.status_code == 403


def test_activity_list_filters_and_searches():
    customer, other = north_customer(), north_customer()
    log(customer, kind="visit", subject="上门拜访老板")
    log(other, kind="call", subject="电话跟进")
    client = api_as(p.NORTH_REP)
    assert [r["subject"] for r in client.get(f"/api/v1/activities/?customer={customer.pk}").json()["results"]] == [
        "上门拜访老板"]
    assert [r["kind"] for r in client.get("/api/v1/activities/?kind=call").json()["results"]] == ["call"]
    assert [r["subject"] for r in client.get("/api/v1/activities/?search=拜访").json()["results"]] == ["上门拜访老板"]


def test_activity_list_has_no_n_plus_one():
    customer = north_customer()
    for _ in range(12):
        log(customer, participants=[user(p.REGIONAL_MANAGER)])
    client = api_as(p.DIRECTOR)
    client.get("/api/v1/activities/?page_size=1")
    with max_queries(10):
        assert client.get("/api/v1/activities/?page_size=500").json()["count"] == 12


# -- opportunities ---------------------------------------------------------------------------------------------

def test_rep_opens_an_opportunity_with_decimal_amount():
    response = api_as(p.NORTH_REP).post("/api/v1/opportunities/", {
        "customer": north_customer().pk, "name": "UV平板打印机 3台", "amount": "360000.00",
        "expected_close": "2030-01-31"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["amount"], body["owner"]) == ("approach", "360000.00", user(p.NORTH_REP).pk)


def test_a_rep_cannot_hand_a_deal_to_someone_else():
    response = api_as(p.NORTH_REP).post("/api/v1/opportunities/", {
        "customer": north_customer().pk, "name": "x", "owner": user(p.SOUTH_REP).pk}, format="json")
    assert response.status_code == 400 and "owner" in response.json()["fields"]


def test_stage_is_not_settable_by_patch():
    opportunity = make_opportunity(north_customer())
    response = api_as(p.NORTH_REP).patch(f"/api/v1/opportunities/{opportunity.pk}/",
                                         {"stage": "won", "amount": "5.00"}, format="json")
    assert response.status_code == 200
    assert response.json()["stage"] == "approach" and response.json()["amount"] == "5.00"


def test_move_action_changes_the_stage_and_won_dates_the_customer():
    customer = north_customer()
    opportunity = make_opportunity(customer, stage="close")
    response = api_as(p.NORTH_REP).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "won"},
                                        format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "won" and response.json()["closed_at"]
    assert Customer.objects.get(pk=customer.pk).last_deal_at is not None


def test_moving_to_lost_without_a_reason_is_400_on_lost_reason():
    opportunity = make_opportunity(north_customer())
    response = api_as(p.NORTH_REP).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "lost"},
                                        format="json")
    assert response.status_code == 400 and "lost_reason" in response.json()["fields"]


def test_moving_a_won_deal_is_a_409_conflict():
    opportunity = make_opportunity(north_customer(), stage="won")
    response = api_as(p.NORTH_REP).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "close"},
                                        format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_move_needs_the_change_right_and_the_scope():
    opportunity = make_opportunity(south_customer())
    assert api_as(p.NORTH_REP).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "learn"},
                                    format="json").status_code == 404
    assert api_as(p.CS_AGENT).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "learn"},
                                   format="json").status_code == 403
    assert api_as(None).post(f"/api/v1/opportunities/{opportunity.pk}/move/", {"stage": "learn"},
                             format="json").status_code == 401


def test_funnel_endpoint_gives_rows_rates_and_totals_in_scope():
    customer = north_customer()
    make_opportunity(customer)
    make_opportunity(customer, stage="learn")
    make_opportunity(south_customer(), stage="won")
    body = api_as(p.NORTH_REP).get("/api/v1/opportunities/funnel/").json()
    assert [(r["stage"], r["reached"], r["rate"]) for r in body["rows"]] == [
        ("approach", 2, None), ("learn", 1, 50.0), ("present", 0, 0.0), ("close", 0, None), ("won", 0, None)]
    assert body["total"] == 2 and body["open_amount"] == "0.00" and body["win_rate"] is None
    assert api_as(p.DIRECTOR).get("/api/v1/opportunities/funnel/").json()["won_count"] == 1


def test_opportunity_list_filters_by_stage_owner_and_region_without_n_plus_one():
    north, south = north_customer(), south_customer()
    for _ in range(5):
        make_opportunity(north, stage="learn")
        make_opportunity(south)
    client = api_as(p.DIRECTOR)
    assert client.get("/api/v1/opportunities/?stage=learn").json()["count"] == 5
    assert client.get(f"/api/v1/opportunities/?owner={user(p.SOUTH_REP).pk}").json()["count"] == 5
    assert client.get(f"/api/v1/opportunities/?region={north.region_id}").json()["count"] == 5
    with max_queries(8):
        assert client.get("/api/v1/opportunities/?page_size=500").json()["count"] == 10


# -- visit plans -----------------------------------------------------------------------------------------------

def test_visit_plans_are_created_moved_and_removed_until_done():
    customer = north_customer()
    client = api_as(p.NORTH_REP)
    today = timezone.localdate()
    plan = client.post("/api/v1/visit-plans/", {"customer": customer.pk, "planned_on": today.isoformat(),
                                                "purpose": "送样"}, format="json").json()
    assert plan["done"] is False and plan["owner"] == user(p.NORTH_REP).pk
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert client.patch(f"/api/v1/visit-plans/{plan['id']}/", {"planned_on": tomorrow},
                        format="json").json()["planned_on"] == tomorrow
    client.post("/api/v1/activities/", {"customer": customer.pk, "kind": "visit", "subject": "送样",
                                         "visit_plan": plan["id"]}, format="json")
    assert client.get(f"/api/v1/visit-plans/{plan['id']}/").json()["done"] is True
    assert client.delete(f"/api/v1/visit-plans/{plan['id']}/").status_code == 409
    assert client.get("/api/v1/visit-plans/?done=true").json()["count"] == 1


# -- leads -----------------------------------------------------------------------------------------------------

def new_lead(client, **fields):
    body = {"name": "王海", "company": "苏州鑫彩包装有限公司", "phone": "17012345678", "source": "trade_fair",
            "interest": "UV平板打印机", **fields}
    response = client.post("/api/v1/leads/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_lead_phone_is_masked_for_roles_without_the_right():
    lead = new_lead(api_as(p.NORTH_REP))
    assert lead["phone"] == "170****5678"
    assert api_as(p.DIRECTOR).get(f"/api/v1/leads/{lead['id']}/").json()["phone"] == "+8617012345678"


def test_converting_a_lead_returns_the_lead_customer_and_opportunity():
    client = api_as(p.NORTH_REP)
    lead = new_lead(client)
    response = client.post(f"/api/v1/leads/{lead['id']}/convert/", {"amount": "50000.00"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["lead"]["status"] == "converted"
    assert body["opportunity"]["customer"] == body["customer"] and body["opportunity"]["amount"] == "50000.00"
    assert Customer.objects.get(pk=body["customer"]).name == "苏州鑫彩包装有限公司"
    again = client.post(f"/api/v1/leads/{lead['id']}/convert/", {}, format="json")
    assert again.status_code == 409


def test_converting_onto_an_out_of_scope_customer_is_404_on_that_field():
    client = api_as(p.NORTH_REP)
    lead = new_lead(client)
    response = client.post(f"/api/v1/leads/{lead['id']}/convert/", {"customer": south_customer().pk}, format="json")
    assert response.status_code == 404 and "customer" in response.json()["fields"]
    assert Lead.objects.get(pk=lead["id"]).status == "new"


def test_converting_a_lead_with_a_known_phone_links_the_existing_customer():
    existing = north_customer(phone="13800001111")
    client = api_as(p.NORTH_REP)
    lead = new_lead(client, phone="138 0000 1111", company="别的名字")
    body = client.post(f"/api/v1/leads/{lead['id']}/convert/", {}, format="json").json()
    assert body["customer"] == existing.pk


def test_disqualify_needs_a_reason_and_closes_the_lead():
    client = api_as(p.NORTH_REP)
    lead = new_lead(client)
    assert client.post(f"/api/v1/leads/{lead['id']}/disqualify/", {}, format="json").status_code == 400
    body = client.post(f"/api/v1/leads/{lead['id']}/disqualify/", {"reason": "同行询价"}, format="json").json()
    assert (body["status"], body["disqualified_reason"]) == ("disqualified", "同行询价")


def test_leads_filter_by_status_and_roles_without_lead_rights_cannot_convert():
    client = api_as(p.DIRECTOR)
    lead = new_lead(client)
    new_lead(client, phone="17000000000")
    client.post(f"/api/v1/leads/{lead['id']}/disqualify/", {"reason": "空号"}, format="json")
    assert client.get("/api/v1/leads/?status=new").json()["count"] == 1
    assert api_as(p.CS_AGENT).post(f"/api/v1/leads/{lead['id']}/convert/", {}, format="json").status_code == 403


def test_schema_documents_the_pipeline_endpoints():
    schema = api_as(p.DIRECTOR).get("/api/schema/?format=json").json()
    for path in ["/api/v1/activities/", "/api/v1/visit-plans/{id}/", "/api/v1/opportunities/{id}/move/",
                 "/api/v1/opportunities/funnel/", "/api/v1/leads/{id}/convert/", "/api/v1/leads/{id}/disqualify/"]:
        assert path in schema["paths"], path
