"""Ids and days typed into query strings, forms and API filters: anything no key or day can be is refused before any
query (SQLite's driver raises OverflowError on a number over 2**63 - 1; int() raises on "²", which str.isdigit()
accepts; "2026-13-45" has a date's shape but is no day)."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from core.parsing import MAX_ID, parse_day, parse_id
from core.testing import personas as p
from core.testing.helpers import api_as, web_as

IMPOSSIBLE = str(2**64)


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12), (12, 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-1", None), ("", None),
    (None, None), ("²", None), ("١٢", None), ("1.5", None), (" 12", None), ("abc", None)])
def test_parse_id_takes_plain_digits_naming_a_possible_key(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-26", datetime.date(2026, 11, 26)), (" 2026-11-26 ", datetime.date(2026, 11, 26)), ("2026-13-45", None),
    ("2026-02-30", None), ("²", None), ("", None), (None, None), ("yesterday", None)])
def test_parse_day_takes_real_days_only(text, expected):
    assert parse_day(text) == expected


def _integer_filters():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        query = [parameter for parameter in get.get("parameters", []) if parameter["in"] == "query"]
        alone = not any(parameter.get("required") for parameter in query)
        for parameter in query:
            if parameter.get("schema", {}).get("type") == "integer" and parameter["name"] not in ("page", "page_size"):
                yield path, parameter["name"], alone


@pytest.mark.django_db
def test_every_integer_filter_of_the_api_refuses_an_impossible_id_with_a_400_naming_it():
    client, checked = api_as(p.ADMIN), 0
    for path, name, alone in _integer_filters():
        response = client.get(path, {name: IMPOSSIBLE})
        if response.status_code == 403:
            continue
        if response.status_code == 200:  # a number that is no id (a year): it matches nothing
            assert response.json()["count"] == 0, (path, name)
            continue
        assert response.status_code == 400, (path, name, response.status_code)
        assert name in response.json()["fields"] or not alone, (path, name)
        checked += 1
    assert checked >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("value", [IMPOSSIBLE, "²"])
@pytest.mark.parametrize("url", [
    "/service/?team={}", "/service/?assignee={}", "/service/?category={}", "/service/kb/?category={}",
    "/service/quality/?agent={}", "/customers/?owner={}", "/customers/?region={}", "/customers/pool/?region={}",
    "/customers/pipeline/leads/?owner={}", "/customers/pipeline/opportunities/?owner={}",
    "/catalog/products/?category={}", "/catalog/stock/ledger/?product={}", "/org/employees/?unit={}",
    "/orders/rebates/?year={}", "/orders/?partner={}"])
def test_list_pages_ignore_an_impossible_id_in_their_filters(url, value):
    assert web_as(p.ADMIN).get(url.format(value)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2026-13-45", "²"])
@pytest.mark.parametrize("url", [
    "/service/?from={}", "/service/?to={}", "/audit/?from={}", "/audit/?to={}", "/orders/?start={}",
    "/orders/statements/?period={}", "/orders/plans/?start={}", "/service/inbound-mail/?from={}",
    "/customers/pipeline/opportunities/?from={}", "/customers/pipeline/visits/?week={}"])
def test_pages_ignore_a_day_that_is_no_day_in_their_filters(url, value):
    assert web_as(p.ADMIN).get(url.format(value)).status_code == 200


@pytest.mark.django_db
def test_an_impossible_id_in_a_request_body_is_a_400_naming_it():
    response = api_as(p.CS_AGENT).post("/api/v1/tickets/", {
        "kind": "inquiry", "customer": 2**64, "subject": "报价", "description": "询问价格"}, format="json")
    assert response.status_code == 400 and "customer" in response.json()["fields"]
