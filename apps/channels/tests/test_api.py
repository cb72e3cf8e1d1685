"""Channels API: the anonymous / no-permission / permitted / out-of-scope matrix, the approval chain (403/409),
actions and their errors, query counts and the schema."""

import datetime

import pytest
from rest_framework.test import APIClient

from apps.channels import services
from apps.channels.choices import PartnerStage
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

from .factories import PASSING, make_application, make_partner, make_partner_customer, org_unit, upload

pytestmark = pytest.mark.django_db

GUANGZHOU = {"province_code": "440000", "city_code": "440100"}
LISTS = ["/api/v1/partners/", "/api/v1/partner-applications/", "/api/v1/territories/",
         "/api/v1/partner-scorecards/"]


@pytest.fixture
def north():
    return make_partner(owner=p.NORTH_REP)


@pytest.fixture
def south():
    return make_partner(owner=p.SOUTH_REP, customer=make_partner_customer(p.SOUTH_REP, **GUANGZHOU),
                        territories=("440100",))


# -- the matrix -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", LISTS)
def test_anonymous_is_401(url):
    response = APIClient().get(url)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("url", LISTS)
def test_a_role_without_the_right_is_403(url):
    response = api_as(p.TELEMARKETING_AGENT).get(url)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_lists_show_only_the_callers_scope(north, south):
    assert [r["id"] for r in api_as(p.NORTH_REP).get("/api/v1/partners/").json()["results"]] == [north.pk]
    assert {r["id"] for r in api_as(p.DEPARTMENT_MANAGER).get("/api/v1/partners/").json()["results"]} >= {
        north.pk, south.pk}
    territories = api_as(p.BRANCH_GM).get("/api/v1/territories/").json()["results"]
    assert {t["partner"] for t in territories} == {south.pk}


def test_out_of_scope_details_and_actions_are_404(north, south):
    rep = api_as(p.NORTH_REP)
    assert rep.get(f"/api/v1/partners/{south.pk}/").status_code == 404
    assert rep.post(f"/api/v1/partners/{south.pk}/suspend/", {"reason": "x"}).status_code == 404
    assert api_as(p.REGIONAL_MANAGER).post(f"/api/v1/partners/{south.pk}/suspend/", {"reason": "x"}
                                           ).status_code == 404


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_answers_404(guess):
    assert api_as(p.DEPARTMENT_MANAGER).get(f"/api/v1/partners/{guess}/").status_code == 404
    assert api_as(p.DEPARTMENT_MANAGER).get(f"/api/v1/partner-applications/{guess}/evaluate/").status_code == 404


def test_partner_user_gets_only_its_own_company(south):
    alf = make_partner(PartnerStage.AGENT, customer=make_partner_customer(kind="partner",
                                                                          partner_unit=org_unit("partner-bj-alf")))
    client = api_as(p.PARTNER_A_USER)
    assert [r["id"] for r in client.get("/api/v1/partners/").json()["results"]] == [alf.pk]
    assert client.get(f"/api/v1/partners/{south.pk}/").status_code == 404
    assert client.get(f"/api/v1/partners/{alf.pk}/").json()["stage"] == "agent"
    assert client.get("/api/v1/partner-applications/").status_code == 403
    assert client.post(f"/api/v1/partners/{alf.pk}/terminate/", {"reason": "x"}).status_code == 403


def test_partner_detail_carries_labels_decimal_strings_and_the_timeline(north):
    body = api_as(p.NORTH_REP).get(f"/api/v1/partners/{north.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["stage"], body["stage_label"], body["tier_label"]) == ("distributor", "Distributor", "Distributor")
    assert body["credit_limit"] == "0.00"
    assert body["territories"] == [{"province_code": "110000", "province": "北京市", "city_code": "", "city": ""}]
    assert [(e["from_stage"], e["to_stage"]) for e in body["events"]] == [("applicant", "distributor"),
                                                                         ("", "applicant")]


def test_partner_list_filters_by_stage_tier_and_province(north, south):
    trial = make_partner(PartnerStage.TRIAL_DISTRIBUTOR, territories=("440000",))
    client = api_as(p.DIRECTOR)
    ids = lambda query: {r["id"] for r in client.get(f"/api/v1/partners/?{query}").json()["results"]}  # noqa: E731
    assert ids("stage=trial_distributor") == {trial.pk}
    assert ids("tier=distributor") >= {north.pk, south.pk} and trial.pk not in ids("tier=distributor")
    assert ids("province=440000") == {trial.pk, south.pk}
    assert ids("stage=suspended") == set()


def test_partner_list_has_no_n_plus_one(north, south):
    for _ in range(5):
        make_partner(territories=("110000", "130100"))
    client = api_as(p.DIRECTOR)
    client.get("/api/v1/partners/?page_size=1")
    with max_queries(8):
        response = client.get("/api/v1/partners/?page_size=500")
    assert response.json()["count"] >= 7


def test_patch_changes_the_profile_but_never_the_status(north):
    client = api_as(p.DEPARTMENT_MANAGER)
    response = client.patch(f"/api/v1/partners/{north.pk}/", {"credit_limit": "300000.00", "payment_term_days": 45,
                                                              "status": "terminated", "tier": "agent"},
                            format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["credit_limit"], response.json()["payment_term_days"]) == ("300000.00", 45)
    assert response.json()["stage"] == "distributor"


def test_patch_refuses_a_bad_authorisation_period(north):
    response = api_as(p.DEPARTMENT_MANAGER).patch(f"/api/v1/partners/{north.pk}/", {
        "authorised_from": "2026-06-01", "authorised_until": "2026-01-01"}, format="json")
    assert response.status_code == 400 and "authorised_until" in response.json()["fields"]


def test_a_rep_may_not_patch_a_partner(north):
    assert api_as(p.NORTH_REP).patch(f"/api/v1/partners/{north.pk}/", {"credit_limit": "1"},
                                     format="json").status_code == 403


# -- lifecycle actions -----------------------------------------------------------------------------------------------

def test_suspend_and_resume_through_the_api(north):
    client = api_as(p.REGIONAL_MANAGER)
    response = client.post(f"/api/v1/partners/{north.pk}/suspend/", {"reason": "货款逾期"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "suspended"
    assert response.json()["events"][0]["reason"] == "货款逾期"
    assert client.post(f"/api/v1/partners/{north.pk}/resume/", {}, format="json").json()["stage"] == "distributor"


def test_lifecycle_actions_need_the_right(north):
    response = api_as(p.NORTH_REP).post(f"/api/v1/partners/{north.pk}/suspend/", {"reason": "x"}, format="json")
    assert response.status_code == 403


def test_a_reason_is_required(north):
    response = api_as(p.DEPARTMENT_MANAGER).post(f"/api/v1/partners/{north.pk}/terminate/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def test_actions_the_state_does_not_allow_are_409(north):
    client = api_as(p.DEPARTMENT_MANAGER)
    client.post(f"/api/v1/partners/{north.pk}/terminate/", {"reason": "违约"}, format="json")
    response = client.post(f"/api/v1/partners/{north.pk}/suspend/", {"reason": "x"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_promote_without_an_approved_application_is_409():
    trial = make_partner(PartnerStage.TRIAL_DISTRIBUTOR)
    response = api_as(p.DEPARTMENT_MANAGER).post(f"/api/v1/partners/{trial.pk}/promote/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "no_approved_application"


# -- applications and the approval chain ---------------------------------------------------------------------------

def application_body(customer, **overrides):
    body = {key: str(value) for key, value in PASSING.items()}
    return {**body, "customer": customer.pk, "tier": "trial_distributor", "territory_codes": ["110000"], **overrides}


def test_a_rep_submits_an_application_for_its_own_customer():
    customer = make_partner_customer(p.NORTH_REP)
    response = api_as(p.NORTH_REP).post("/api/v1/partner-applications/", application_body(customer), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["tier"], body["customer_name"]) == ("pending_manager", "trial_distributor",
                                                                     customer.name)
    assert body["registered_capital"] == "500000.00" and body["steps"] == []


def test_an_application_for_a_customer_out_of_scope_is_400():
    other = make_partner_customer(p.SOUTH_REP, **GUANGZHOU)
    response = api_as(p.NORTH_REP).post("/api/v1/partner-applications/", application_body(other), format="json")
    assert response.status_code == 400 and "customer" in response.json()["fields"]


@pytest.mark.parametrize(("field", "value"), [("tier", "king"), ("registered_capital", "-1"),
                                              ("territory_codes", ["999999"]), ("years_in_trade", "many")])
def test_bad_application_input_is_400_with_fields(field, value):
    customer = make_partner_customer(p.NORTH_REP)
    response = api_as(p.NORTH_REP).post("/api/v1/partner-applications/",
                                        application_body(customer, **{field: value}), format="json")
    assert response.status_code == 400 and field in response.json()["fields"]


def test_evaluate_gives_each_criterion_with_value_threshold_and_evidence():
    application = make_application(tier="agent", documents=[], registered_capital="499999.99")
    body = api_as(p.DEPARTMENT_MANAGER).get(f"/api/v1/partner-applications/{application.pk}/evaluate/").json()
    capital = next(c for c in body["criteria"] if c["code"] == "min_registered_capital")
    assert body["passed"] is False and body["tier"] == "agent"
    assert (capital["passed"], capital["value"], capital["threshold"]) == (False, "499999.99", "500000")
    plan = next(c for c in body["criteria"] if c["code"] == "document:sales_plan")
    assert (plan["passed"], plan["attachment_present"]) == (False, False)


def test_the_two_step_approval_through_the_api():
    application = make_application()
    url = f"/api/v1/partner-applications/{application.pk}"
    first = api_as(p.DEPARTMENT_MANAGER).post(f"{url}/approve/", {"comment": "同意"}, format="json")
    assert first.status_code == 200 and first.json()["status"] == "pending_director"
    final = api_as(p.DIRECTOR).post(f"{url}/approve/", {}, format="json")
    assert final.status_code == 200 and final.json()["status"] == "approved"
    assert [s["kind"] for s in final.json()["steps"]] == ["manager", "director"]
    partner = api_as(p.DIRECTOR).get(f"/api/v1/partners/{application.partner_id}/").json()
    assert partner["stage"] == "trial_distributor" and partner["trial_ends_on"]


@pytest.mark.parametrize("persona", [p.REGIONAL_MANAGER, p.NORTH_REP])
def test_approving_without_an_approval_role_is_403(persona):
    application = make_application()
    response = api_as(persona).post(f"/api/v1/partner-applications/{application.pk}/approve/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_approving_an_application_out_of_scope_is_404():
    application = make_application()  # a Beijing rep's customer
    response = api_as(p.BRANCH_GM).post(f"/api/v1/partner-applications/{application.pk}/approve/", {},
                                        format="json")
    assert response.status_code == 404


def test_the_director_first_is_409_and_so_is_a_second_manager_approval():
    application = make_application()
    url = f"/api/v1/partner-applications/{application.pk}/approve/"
    early = api_as(p.DIRECTOR).post(url, {}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "not_your_step"
    api_as(p.DEPARTMENT_MANAGER).post(url, {}, format="json")
    again = api_as(p.DEPARTMENT_MANAGER).post(url, {}, format="json")
    assert again.status_code == 409


def test_deciding_a_decided_application_is_409():
    application = make_application()
    api_as(p.DEPARTMENT_MANAGER).post(f"/api/v1/partner-applications/{application.pk}/reject/", {"reason": "不足"},
                                      format="json")
    response = api_as(p.DEPARTMENT_MANAGER).post(f"/api/v1/partner-applications/{application.pk}/approve/", {},
                                                 format="json")
    assert response.status_code == 409 and response.json()["code"] == "application_decided"


def test_approving_a_failing_checklist_is_409():
    application = make_application(tier="agent", cash_flow="1")
    response = api_as(p.DEPARTMENT_MANAGER).post(f"/api/v1/partner-applications/{application.pk}/approve/", {},
                                                 format="json")
    assert response.status_code == 409 and response.json()["code"] == "criteria_not_met"


def test_reject_needs_a_reason_and_records_it():
    application = make_application()
    url = f"/api/v1/partner-applications/{application.pk}/reject/"
    assert api_as(p.DEPARTMENT_MANAGER).post(url, {}, format="json").status_code == 400
    response = api_as(p.DEPARTMENT_MANAGER).post(url, {"reason": "注册资本不足"}, format="json")
    assert response.json()["status"] == "rejected" and response.json()["rejection_reason"] == "注册资本不足"


def test_evidence_is_uploaded_as_multipart():
    application = make_application(documents=[])
    response = api_as(p.NORTH_REP).post(f"/api/v1/partner-applications/{application.pk}/documents/",
                                        {"kind": "credit_documents", "file": upload("税务登记.pdf")},
                                        format="multipart")
    assert response.status_code == 201 and response.json()["kind"] == "credit_documents"
    assert api_as(p.NORTH_REP).get(f"/api/v1/partner-applications/{application.pk}/evaluate/").json()["passed"]


def test_application_list_has_no_n_plus_one():
    for _ in range(4):
        make_application()
    client = api_as(p.DEPARTMENT_MANAGER)
    client.get("/api/v1/partner-applications/?page_size=1")
    with max_queries(8):
        assert client.get("/api/v1/partner-applications/").json()["count"] == 4


# -- territories, scorecards, schema --------------------------------------------------------------------------------

def test_territories_are_added_and_removed_through_the_api(north):
    client = api_as(p.DEPARTMENT_MANAGER)
    created = client.post("/api/v1/territories/", {"partner": north.pk, "province_code": "130000",
                                                   "city_code": "130100"}, format="json")
    assert created.status_code == 201 and created.json()["city"] == "石家庄市"
    assert created.json()["region_name"] == "北京大区"
    bad = client.post("/api/v1/territories/", {"partner": north.pk, "province_code": "130000",
                                               "city_code": "440100"}, format="json")
    assert bad.status_code == 400 and "city_code" in bad.json()["fields"]
    assert client.delete(f"/api/v1/territories/{created.json()['id']}/").status_code == 204


def test_a_rep_cannot_add_territory_or_reach_another_partner(north, south):
    assert api_as(p.NORTH_REP).post("/api/v1/territories/", {"partner": north.pk, "province_code": "130000"},
                                    format="json").status_code == 403
    response = api_as(p.REGIONAL_MANAGER).post("/api/v1/territories/", {"partner": south.pk,
                                                                        "province_code": "130000"}, format="json")
    assert response.status_code == 400 and "partner" in response.json()["fields"]


def test_scorecards_are_filled_with_patch():
    make_partner(on=datetime.date(2026, 3, 1))
    services.create_quarterly_scorecards(today=datetime.date(2026, 7, 1))
    card = api_as(p.DEPARTMENT_MANAGER).get("/api/v1/partner-scorecards/").json()["results"][0]
    response = api_as(p.DEPARTMENT_MANAGER).patch(f"/api/v1/partner-scorecards/{card['id']}/", {
        "service_level": 90, "sales_amount": "1800000", "sales_quota": "2000000", "payment_punctuality": 85,
        "complaint_count": 1}, format="json")
    assert response.status_code == 200 and response.json()["total"] == "88.0"
    partial = api_as(p.DEPARTMENT_MANAGER).patch(f"/api/v1/partner-scorecards/{card['id']}/", {"notes": "良好"},
                                                 format="json")
    assert partial.json()["total"] == "88.0" and partial.json()["notes"] == "良好"


def test_schema_documents_the_channel_endpoints():
    paths = APIClient().get("/api/schema/?format=json").json()["paths"]
    for path in ["/api/v1/partners/", "/api/v1/partners/{id}/suspend/", "/api/v1/partners/{id}/promote/",
                 "/api/v1/partner-applications/", "/api/v1/partner-applications/{id}/evaluate/",
                 "/api/v1/partner-applications/{id}/approve/", "/api/v1/partner-applications/{id}/reject/",
                 "/api/v1/territories/", "/api/v1/partner-scorecards/{id}/"]:
        assert path in paths
