"""Public pool API: the pool list (masked phones, filters), claim (cap, 409s) and release, with the scope matrix."""

import pytest
from django.utils import timezone, translation

from apps.customers.models import Customer, PoolEvent
from apps.customers.services import pool
from core import rules
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from .factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield
POOL = "/api/v1/customer-pool/"


def in_pool(**fields) -> Customer:
    customer = make_customer(owner=p.SOUTH_REP, **fields)
    pool.release_customer(actor=user(p.SOUTH_REP), customer=customer, reason="测试")
    return Customer.objects.get(pk=customer.pk)


def test_anonymous_gets_401_and_a_role_without_the_claim_right_403():
    assert api_as(None).get(POOL).status_code == 401
    assert api_as(p.CS_AGENT).get(POOL).status_code == 403
    assert api_as(p.PARTNER_A_USER).post(f"{POOL}{in_pool().pk}/claim/").status_code == 403


def test_the_pool_lists_pool_customers_only_with_masked_phones():
    pooled, owned = in_pool(phone="13812345678"), make_customer(owner=p.NORTH_REP)
    body = api_as(p.DIRECTOR).get(POOL).json()
    ids = [row["id"] for row in body["results"]]
    assert pooled.pk in ids and owned.pk not in ids
    row = next(r for r in body["results"] if r["id"] == pooled.pk)
    assert row["phone"] == "138****5678"  # even for a role allowed to see full phones elsewhere


def test_the_pool_filters_by_region_grade_and_industry_and_searches_names():
    shenzhen = in_pool(province_code="440000", city_code="440300", industry="印刷")
    Customer.objects.filter(pk=shenzhen.pk).update(grade="B")
    beijing = in_pool(province_code="110000", city_code="110100", industry="广告")
    client = api_as(p.NORTH_REP)

    def ids(query):
        return {r["id"] for r in client.get(f"{POOL}?{query}").json()["results"]}

    south = ids(f"region={shenzhen.region_id}")
    assert shenzhen.pk in south and beijing.pk not in south
    assert shenzhen.pk in ids("grade=B") and beijing.pk not in ids("grade=B")
    assert ids("industry=广告") == {beijing.pk}
    assert ids(f"search={beijing.name}") == {beijing.pk}


def test_the_pool_list_has_no_n_plus_one():
    for _n in range(5):
        in_pool()
    client = api_as(p.NORTH_REP)
    client.get(POOL)
    with max_queries(6):
        assert client.get(f"{POOL}?page_size=500").status_code == 200


def test_claiming_answers_the_customer_now_owned():
    customer = in_pool()
    response = api_as(p.NORTH_REP).post(f"{POOL}{customer.pk}/claim/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == customer.pk and body["in_pool"] is False
    assert body["owner"] == user(p.NORTH_REP).employee.pk
    assert api_as(p.NORTH_REP).get(f"/api/v1/customers/{customer.pk}/").status_code == 200


def test_a_customer_not_in_the_pool_is_404_to_claim():
    owned = make_customer(owner=p.SOUTH_REP)
    assert api_as(p.NORTH_REP).post(f"{POOL}{owned.pk}/claim/").status_code == 404
    assert api_as(p.NORTH_REP).post(f"{POOL}999999/claim/").status_code == 404


def test_the_private_cap_answers_409_with_its_code():
    rules.set_value(actor=user(p.SYSTEM_ADMIN), key="customers.private_customer_cap",
                    new_value=pool.private_count(user(p.NORTH_REP)), effective_from=timezone.localdate())
    response = api_as(p.NORTH_REP).post(f"{POOL}{in_pool().pk}/claim/")
    assert response.status_code == 409
    assert response.json()["code"] == "private_cap_reached"


def test_release_needs_a_reason_and_answers_the_customer():
    customer = make_customer(owner=p.NORTH_REP)
    url = f"/api/v1/customers/{customer.pk}/release/"
    response = api_as(p.NORTH_REP).post(url, {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = api_as(p.NORTH_REP).post(url, {"reason": "客户倒闭"}, format="json")
    assert response.status_code == 200 and response.json()["in_pool"] is True
    assert PoolEvent.objects.get(customer=customer, kind="release").reason == "客户倒闭"


def test_release_of_a_customer_out_of_scope_is_404_and_of_a_colleagues_customer_403():
    theirs = make_customer(owner=p.SOUTH_REP)
    assert api_as(p.NORTH_REP).post(f"/api/v1/customers/{theirs.pk}/release/", {"reason": "x"}).status_code == 404
    assert api_as(p.BRANCH_GM).post(f"/api/v1/customers/{theirs.pk}/release/", {"reason": "x"}).status_code == 200
    colleague = make_customer(owner=p.BRANCH_GM, province_code="440000", city_code="440100")
    response = api_as(p.CS_AGENT).post(f"/api/v1/customers/{colleague.pk}/release/", {"reason": "x"})
    assert response.status_code == 403


def test_releasing_twice_answers_409():
    customer = make_customer(owner=p.NORTH_REP)
    url = f"/api/v1/customers/{customer.pk}/release/"
    assert api_as(p.DIRECTOR).post(url, {"reason": "整顿"}).status_code == 200
    again = api_as(p.DIRECTOR).post(url, {"reason": "整顿"})
    assert again.status_code == 409 and again.json()["code"] == "already_in_pool"
