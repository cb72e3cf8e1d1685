"""Org API: the token flow, /me, and the anonymous / no-permission / permitted / out-of-scope matrix."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.org.models import Employee, OrgUnit
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

pytestmark = pytest.mark.django_db


def employee_id(username):
    return user(username).employee.pk


# -- auth ------------------------------------------------------------------------------------------------------

def test_token_flow_gives_a_token_that_authenticates():
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": p.NORTH_REP, "password": p.PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == p.NORTH_REP
    assert me["data_scope"] == "own"
    assert [r["code"] for r in me["roles"]] == ["sales_rep"]
    assert me["org_unit"]["name"] == "北京分公司"


def test_token_with_a_wrong_password_is_refused_with_a_stable_code():
    response = APIClient().post("/api/v1/auth/token/", {"username": p.NORTH_REP, "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert AuditEvent.objects.filter(action="login_failed", username=p.NORTH_REP).exists()


def test_token_request_without_fields_lists_the_missing_fields():
    body = APIClient().post("/api/v1/auth/token/", {}, format="json").json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"username", "password"}


def test_anonymous_api_call_is_401_with_the_error_body():
    response = APIClient().get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_shows_roles_unit_and_scope_in_english_when_asked():
    response = api_as(p.REGIONAL_MANAGER).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert body["data_scope"] == "region"
    assert body["data_scope_label"] == "Own region"


# -- employees -------------------------------------------------------------------------------------------------

def test_employee_list_is_restricted_to_the_callers_scope():
    results = api_as(p.BRANCH_GM).get("/api/v1/employees/").json()["results"]
    assert {r["username"] for r in results} == {"branch_gm", "branch_clerk", "south_rep", "partner_b_user"}


def test_employee_out_of_scope_is_404_not_403():
    response = api_as(p.NORTH_REP).get(f"/api/v1/employees/{employee_id(p.SOUTH_REP)}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_answers_404(guess):
    assert api_as(p.NORTH_REP).get(f"/api/v1/employees/{guess}/").status_code == 404


def test_out_of_scope_actions_are_404_even_for_admins_of_another_scope():
    # HR has manage rights but a partner user has none and sees only their company.
    response = api_as(p.PARTNER_A_USER).post(f"/api/v1/employees/{employee_id(p.SOUTH_REP)}/offboard/", {})
    assert response.status_code in {403, 404}
    response = api_as(p.PARTNER_A_USER).get(f"/api/v1/employees/{employee_id(p.SOUTH_REP)}/")
    assert response.status_code == 404


def test_employee_list_masks_phones_for_roles_without_the_right():
    rep = api_as(p.NORTH_REP).get(f"/api/v1/employees/{employee_id(p.NORTH_REP)}/").json()
    director = api_as(p.DIRECTOR).get(f"/api/v1/employees/{employee_id(p.NORTH_REP)}/").json()
    assert "****" in rep["phone"]
    assert director["phone"].isdigit() and len(director["phone"]) == 11


def test_employee_list_has_no_n_plus_one():
    client = api_as(p.DIRECTOR)
    client.get("/api/v1/employees/?page_size=5")  # warm caches (content types, permissions)
    with max_queries(12):
        response = client.get("/api/v1/employees/?page_size=500")
    assert response.json()["count"] == Employee.objects.count()


def test_employee_list_filters_searches_and_orders():
    client = api_as(p.DIRECTOR)
    unit = OrgUnit.objects.get(code="branch-gz")
    assert {r["username"] for r in client.get(f"/api/v1/employees/?org_unit={unit.pk}").json()["results"]} == {
        "south_rep", "branch_gm", "branch_clerk"}
    assert [r["username"] for r in client.get("/api/v1/employees/?search=孔德").json()["results"]] == ["branch_gm"]
    names = [r["employee_no"] for r in client.get("/api/v1/employees/?ordering=-employee_no").json()["results"]]
    assert names == sorted(names, reverse=True)


def test_paginated_list_has_count_next_previous_results():
    body = api_as(p.DIRECTOR).get("/api/v1/employees/?page_size=5").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) == 5 and body["next"]


NEW_EMPLOYEE = {"username": "new_agent", "name": "刘新", "password": "Str0ng-Passw0rd!", "roles": ["cs_agent"],
                "phone": "138 0013 8000"}


def new_employee_body(**overrides):
    return {**NEW_EMPLOYEE, "org_unit": OrgUnit.objects.get(code="cs-inquiry").pk,
            "manager": employee_id(p.CS_GROUP_LEADER), **overrides}


def test_admin_creates_an_employee_with_roles_and_a_normalised_phone():
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/employees/", new_employee_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["roles"] == ["cs_agent"] and body["status"] == "probation"
    assert Employee.objects.get(pk=body["id"]).phone == "+8613800138000"
    assert get_user_model().objects.get(username="new_agent").check_password("Str0ng-Passw0rd!")


def test_creating_an_employee_without_the_right_is_403():
    response = api_as(p.NORTH_REP).post("/api/v1/employees/", new_employee_body(), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert AuditEvent.objects.filter(action="permission_denied", username=p.NORTH_REP).exists()


@pytest.mark.parametrize(("field", "value"), [
    ("roles", ["no_such_role"]), ("password", "123"), ("phone", "call me"), ("org_unit", 999999),
    ("username", "sales_rep"), ("manager", 999999), ("username", "bad name!"),
])
def test_bad_employee_input_is_400_with_field_errors_and_creates_nothing(field, value):
    before = Employee.objects.count()
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/employees/", new_employee_body(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert Employee.objects.count() == before


def test_patch_changes_roles_and_unit():
    target = employee_id(p.CS_AGENT)
    unit = OrgUnit.objects.get(code="cs-inquiry").pk
    response = api_as(p.HR).patch(f"/api/v1/employees/{target}/", {"roles": ["cs_agent", "kb_editor"],
                                                                   "org_unit": unit}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["roles"] == ["cs_agent", "kb_editor"]
    assert response.json()["org_unit"] == unit


def test_status_cannot_be_mass_assigned():
    target = employee_id(p.CS_AGENT)
    api_as(p.HR).patch(f"/api/v1/employees/{target}/", {"status": "left"}, format="json")
    assert Employee.objects.get(pk=target).status == "active"


def test_offboard_action_deactivates_login_and_revokes_token():
    rep = user(p.NORTH_REP)
    Token.objects.create(user=rep)
    response = api_as(p.HR).post(f"/api/v1/employees/{rep.employee.pk}/offboard/", {"left_on": "2026-11-30"},
                                 format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "left" and response.json()["is_active"] is False
    assert not Token.objects.filter(user=rep).exists()


def test_offboarding_twice_is_a_400_with_a_clear_message():
    target = employee_id(p.NORTH_REP)
    api_as(p.HR).post(f"/api/v1/employees/{target}/offboard/", {}, format="json")
    response = api_as(p.HR).post(f"/api/v1/employees/{target}/offboard/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]


def test_scope_override_is_audited_with_its_reason():
    target = employee_id(p.NORTH_REP)
    response = api_as(p.SYSTEM_ADMIN).post(f"/api/v1/employees/{target}/scope-override/",
                                           {"scope": "region", "reason": "covers Beijing in December"}, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="scope_override")
    assert event.detail["after"] == "region" and event.detail["reason"] == "covers Beijing in December"


# -- org units, roles ------------------------------------------------------------------------------------------

def test_org_units_list_shows_the_tree_fields():
    body = api_as(p.NORTH_REP).get("/api/v1/org-units/?kind=branch").json()
    assert {u["code"] for u in body["results"]} == {"branch-bj", "branch-sh", "branch-gz", "branch-sz"}
    assert {"id", "name", "kind", "parent", "region"} <= set(body["results"][0])


def test_partner_user_sees_only_its_own_unit():
    body = api_as(p.PARTNER_A_USER).get("/api/v1/org-units/").json()
    assert [u["code"] for u in body["results"]] == ["partner-bj-alf"]


def test_admin_creates_and_moves_an_org_unit():
    client = api_as(p.SYSTEM_ADMIN)
    parent = OrgUnit.objects.get(code="tm-team-1")
    created = client.post("/api/v1/org-units/", {"code": "tm-team-3", "name": "电话营销三组", "kind": "team",
                                                 "parent": parent.pk}, format="json")
    assert created.status_code == 201, created.json()
    target = OrgUnit.objects.get(code="telemarketing")
    moved = client.patch(f"/api/v1/org-units/{created.json()['id']}/", {"parent": target.pk}, format="json")
    assert moved.json()["path"] == f"{target.path}{created.json()['id']}/"


def test_org_unit_cannot_move_under_its_own_child():
    parent = OrgUnit.objects.get(code="cs-center")
    child = OrgUnit.objects.get(code="cs-inquiry")
    response = api_as(p.SYSTEM_ADMIN).patch(f"/api/v1/org-units/{parent.pk}/", {"parent": child.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()["fields"]


def test_org_unit_write_without_the_right_is_403():
    response = api_as(p.NORTH_REP).post("/api/v1/org-units/", {"code": "x", "name": "x", "kind": "team"})
    assert response.status_code == 403


ROLE_CODES = {"marketing_director", "department_manager", "regional_manager", "sales_rep", "foreign_trade_rep",
              "sales_admin", "ecommerce_specialist", "cs_manager", "cs_supervisor", "cs_group_leader", "cs_agent",
              "return_visit_agent", "qa_evaluator", "kb_editor", "aftersales_manager", "warranty_technician",
              "parts_keeper", "service_point_technician", "telemarketing_manager", "shift_leader", "team_leader",
              "telemarketing_agent", "branch_gm", "branch_clerk", "hq_clerk", "finance", "hr", "warehouse",
              "system_admin", "partner_user"}


def test_roles_endpoint_lists_every_contract_role_code_with_names_and_scope():
    body = api_as(p.NORTH_REP).get("/api/v1/roles/?page_size=100").json()
    assert {r["code"] for r in body["results"]} == ROLE_CODES
    rep = next(r for r in body["results"] if r["code"] == "sales_rep")
    assert (rep["name"], rep["name_en"], rep["data_scope"]) == ("业务员", "Sales rep", "own")


def test_role_scope_change_takes_effect_and_needs_the_right():
    assert api_as(p.NORTH_REP).patch("/api/v1/roles/sales_rep/", {"data_scope": "all"}, format="json"
                                     ).status_code == 403
    response = api_as(p.SYSTEM_ADMIN).patch("/api/v1/roles/sales_rep/", {"data_scope": "team"}, format="json")
    assert response.json()["data_scope"] == "team"
    assert {r["username"] for r in api_as(p.NORTH_REP).get("/api/v1/employees/").json()["results"]} == {
        "sales_rep", "regional_manager"}


def test_partner_user_has_no_right_to_the_roles_list():
    assert api_as(p.PARTNER_A_USER).get("/api/v1/roles/").status_code == 403


def test_schema_documents_the_org_endpoints():
    response = APIClient().get("/api/schema/?format=json")
    paths = response.json()["paths"]
    for path in ["/api/v1/employees/", "/api/v1/org-units/", "/api/v1/roles/", "/api/v1/me/", "/api/v1/auth/token/",
                 "/api/v1/employees/{id}/offboard/"]:
        assert path in paths
