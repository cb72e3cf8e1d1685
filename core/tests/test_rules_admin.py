"""Rule parameters admin: the /settings/rules/ page and the /api/v1/rule-parameters/ API, for every declared
parameter, with dated values, history, validation, rights and audit."""

import datetime

import pytest
from django.utils import timezone, translation

from core import rules
from core.models import AuditEvent, RuleValue
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user, web_as

pytestmark = pytest.mark.django_db
PAGE = "/settings/rules/"
API = "/api/v1/rule-parameters/"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def tomorrow() -> str:
    return (TODAY() + datetime.timedelta(days=1)).isoformat()


def english(persona):
    client = web_as(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# -- page -------------------------------------------------------------------------------------------------------

def test_the_page_needs_the_view_right():
    assert web_as(None).get(PAGE).status_code == 302
    assert web_as(p.NORTH_REP).get(PAGE).status_code == 403
    assert web_as(p.DIRECTOR).get(PAGE).status_code == 200
    assert web_as(p.SYSTEM_ADMIN).get(PAGE).status_code == 200


def test_the_page_lists_every_declared_parameter_by_section_with_its_value():
    html = english(p.SYSTEM_ADMIN).get(PAGE).content.decode()
    for key in rules.declared():
        assert f'id="rule-{key}"' in html
    assert "Customers" in html and "Grade thresholds" in html
    assert 'id="map-customers.pool_days_without_follow_up-1" name="map-A" value="30"' in html  # A first, "" last


def test_the_page_reads_all_values_in_a_few_queries():
    client = web_as(p.SYSTEM_ADMIN)
    client.get(PAGE)
    with max_queries(12):
        assert client.get(PAGE).status_code == 200


def test_a_number_is_set_from_a_date_and_the_history_shows_who():
    client = english(p.SYSTEM_ADMIN)
    response = client.post(f"{PAGE}customers.pool_notice_days/", {
        "value": "5", "effective_from": tomorrow(), "note": "三月例会决定"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="card h-100" id="rule-customers.pool_notice_days"')
    assert "三月例会决定" in html and "scheduled" in html
    assert rules.value("customers.pool_notice_days") == 3
    assert rules.value("customers.pool_notice_days", on=TODAY() + datetime.timedelta(days=1)) == 5
    row = RuleValue.objects.get(key="customers.pool_notice_days", value=5)
    assert row.created_by == user(p.SYSTEM_ADMIN)
    assert AuditEvent.objects.filter(action="admin_change", target="rule customers.pool_notice_days").exists()


def test_a_mapping_is_edited_field_by_field():
    english(p.DIRECTOR).post(f"{PAGE}customers.pool_days_without_follow_up/", {
        "map-A": "45", "map-B": "20", "map-C": "10", "map-D": "7", "map-": "7", "effective_from": TODAY().isoformat()})
    assert rules.value("customers.pool_days_without_follow_up") == {"A": 45, "B": 20, "C": 10, "D": 7, "": 7}


def test_a_table_is_edited_cell_by_cell_keeping_text_and_numbers():
    current = rules.value("customers.grade_rules")
    cells = {f"cell-{i}-{column}": str(value) for i, row in enumerate(current) for column, value in row.items()}
    cells["cell-0-min_annual_purchase"] = "800000"
    english(p.DIRECTOR).post(f"{PAGE}customers.grade_rules/", {**cells, "effective_from": TODAY().isoformat()})
    table = rules.value("customers.grade_rules")
    assert table[0] == {"grade": "A", "min_annual_purchase": 800000, "min_payment_score": 80, "min_potential_score": 0}
    assert table[1:] == current[1:]


def test_a_value_can_be_given_as_json():
    english(p.DIRECTOR).post(f"{PAGE}customers.pool_days_without_follow_up/", {
        "value_json": '{"A": 60, "B": 30, "": 10}', "effective_from": TODAY().isoformat()})
    assert rules.value("customers.pool_days_without_follow_up") == {"A": 60, "B": 30, "": 10}


@pytest.mark.parametrize(("key", "post", "message"), [
    ("customers.pool_notice_days", {"value": "abc"}, "not a number"),
    ("customers.pool_notice_days", {"value": "2.5"}, "whole number"),
    ("customers.grade_rules", {"value_json": "{not json"}, "not valid JSON"),
    ("customers.grade_rules", {"value_json": '{"A": 1}'}, "list of rows"),
])
def test_bad_values_are_refused_on_the_card(key, post, message):
    response = english(p.SYSTEM_ADMIN).post(f"{PAGE}{key}/", {**post, "effective_from": TODAY().isoformat()},
                                            HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'class="alert alert-danger' in html and message in html
    if "value" in post:
        assert f'value="{post["value"]}"' in html  # what was typed stays in the box
    assert not RuleValue.objects.filter(created_by__isnull=False).exists()


def test_a_date_in_the_past_is_refused():
    response = english(p.SYSTEM_ADMIN).post(f"{PAGE}customers.pool_notice_days/", {
        "value": "4", "effective_from": "2020-01-01"}, HTTP_HX_REQUEST="true")
    assert "past" in response.content.decode()
    assert not RuleValue.objects.filter(key="customers.pool_notice_days", value=4).exists()


def test_changing_needs_the_change_right_and_a_declared_key():
    assert web_as(p.NORTH_REP).post(f"{PAGE}customers.pool_notice_days/", {"value": "1"}).status_code == 403
    assert web_as(p.SYSTEM_ADMIN).post(f"{PAGE}no.such.rule/", {"value": "1"}).status_code == 404


def test_the_menu_shows_rule_parameters_to_administrators_only():
    assert 'data-nav="rules"' in web_as(p.SYSTEM_ADMIN).get("/").content.decode()
    assert 'data-nav="rules"' not in web_as(p.NORTH_REP).get("/").content.decode()


# -- API --------------------------------------------------------------------------------------------------------

def test_the_api_matrix():
    assert api_as(None).get(API).status_code == 401
    assert api_as(p.NORTH_REP).get(API).status_code == 403
    assert api_as(p.DIRECTOR).get(API).status_code == 200
    assert api_as(p.DIRECTOR).get(f"{API}no.such.rule/").status_code == 404


def test_the_api_lists_parameters_with_value_effective_date_and_history():
    body = api_as(p.SYSTEM_ADMIN).get(f"{API}?section=Customers", HTTP_ACCEPT_LANGUAGE="en").json()
    assert set(body) == {"count", "next", "previous", "results"}
    by_key = {row["key"]: row for row in body["results"]}
    cap = by_key["customers.private_customer_cap"]
    assert (cap["value"], cap["kind"], cap["effective_from"]) == (300, "integer", "2000-01-01")
    assert cap["history"][0]["note"] == "domain.md default"
    assert all(row["section"] == "Customers" for row in body["results"])
    found = api_as(p.SYSTEM_ADMIN).get(f"{API}?search=cap").json()["results"]
    assert [row["key"] for row in found] == ["customers.private_customer_cap"]


def test_a_new_value_is_posted_with_its_date():
    client = api_as(p.SYSTEM_ADMIN)
    response = client.post(f"{API}customers.private_customer_cap/values/",
                           {"value": 250, "effective_from": TODAY().isoformat(), "note": "收紧"}, format="json")
    assert response.status_code == 201
    assert response.json()["value"] == 250 and response.json()["history"][0]["created_by"] == p.SYSTEM_ADMIN
    assert rules.value("customers.private_customer_cap") == 250


@pytest.mark.parametrize(("body", "field"), [
    ({"value": "many", "effective_from": "2099-01-01"}, "value"),
    ({"value": 5, "effective_from": "2000-02-02"}, "effective_from"),
    ({"value": 5}, "effective_from"),
])
def test_bad_new_values_answer_400_with_the_field(body, field):
    response = api_as(p.SYSTEM_ADMIN).post(f"{API}customers.private_customer_cap/values/", body, format="json")
    assert response.status_code == 400 and field in response.json()["fields"]


def test_posting_a_value_needs_the_change_right():
    response = api_as(p.NORTH_REP).post(f"{API}customers.private_customer_cap/values/",
                                        {"value": 1, "effective_from": tomorrow()}, format="json")
    assert response.status_code == 403
