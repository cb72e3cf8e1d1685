"""Public pool pages: the pool list (HTMX table, masked phones, filters), claiming with HTMX, my reclaim
notices, the customer's pool tab and releasing from it."""

import datetime

import pytest
from django.utils import timezone

from apps.customers.models import Customer, PoolEvent
from apps.customers.services import pool
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories import make_customer

pytestmark = pytest.mark.django_db


def in_pool(**fields) -> Customer:
    customer = make_customer(owner=p.SOUTH_REP, **fields)
    pool.release_customer(actor=user(p.SOUTH_REP), customer=customer, reason="测试")
    return Customer.objects.get(pk=customer.pk)


def test_the_pool_page_needs_the_claim_right():
    assert web_as(None).get("/customers/pool/").status_code == 302
    assert web_as(p.CS_AGENT).get("/customers/pool/").status_code == 403


def test_the_pool_page_lists_pool_customers_with_masked_phones_and_claim_buttons():
    pooled, owned = in_pool(phone="13812345678"), make_customer(owner=p.NORTH_REP)
    html = web_as(p.DIRECTOR).get("/customers/pool/").content.decode()
    assert pooled.name in html and owned.name not in html
    assert "138****5678" in html and "13812345678" not in html
    assert f'hx-post="/customers/pool/{pooled.pk}/claim/"' in html


def test_filters_swap_only_the_table():
    printing, advertising = in_pool(industry="印刷"), in_pool(industry="广告")
    response = web_as(p.NORTH_REP).get("/customers/pool/?industry=印刷", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and "<html" not in html
    assert printing.name in html and advertising.name not in html


def test_the_region_filter_keeps_its_choice_and_ignores_an_impossible_id():
    pooled = in_pool(province_code="440000", city_code="440300")
    assert pooled.region_id is not None
    html = web_as(p.DIRECTOR).get(f"/customers/pool/?region={pooled.region_id}").content.decode()
    assert f'<option value="{pooled.region_id}" selected>' in html and pooled.name in html
    assert pooled.name in web_as(p.DIRECTOR).get(f"/customers/pool/?region={2**64}").content.decode()


def test_the_pool_page_has_no_n_plus_one():
    for _n in range(10):
        in_pool()
    client = web_as(p.NORTH_REP)
    client.get("/customers/pool/")
    with max_queries(25):
        assert client.get("/customers/pool/").status_code == 200


def test_claiming_with_htmx_replaces_the_row_and_updates_my_count():
    customer = in_pool()
    response = web_as(p.NORTH_REP).post(f"/customers/pool/{customer.pk}/claim/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and f'href="/customers/{customer.pk}/"' in html
    assert 'id="pool-held" hx-swap-oob="true"' in html
    assert Customer.objects.get(pk=customer.pk).owner == user(p.NORTH_REP)


def test_claiming_a_customer_someone_else_just_took_shows_why_in_the_row():
    customer = in_pool()
    pool.claim_customer(actor=user(p.REGIONAL_MANAGER), customer=customer)
    response = web_as(p.NORTH_REP).post(f"/customers/pool/{customer.pk}/claim/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_claiming_without_htmx_goes_to_the_customer():
    customer = in_pool()
    response = web_as(p.NORTH_REP).post(f"/customers/pool/{customer.pk}/claim/")
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"


def test_my_reclaim_notices_show_the_day_each_customer_goes():
    customer = make_customer(owner=p.NORTH_REP)
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(grade="C", created_at=now - datetime.timedelta(days=90),
                                                   last_activity_at=now - datetime.timedelta(days=5),
                                                   reclaim_notice_at=now)
    html = web_as(p.NORTH_REP).get("/customers/pool/notices/").content.decode()
    assert customer.name in html
    assert (timezone.localdate() + datetime.timedelta(days=3)).isoformat() in html
    assert customer.name not in web_as(p.SOUTH_REP).get("/customers/pool/notices/").content.decode()


def test_the_customer_page_has_a_pool_tab_with_history_and_the_release_form():
    customer = make_customer(owner=p.NORTH_REP)
    client = web_as(p.NORTH_REP)
    html = client.get(f"/customers/{customer.pk}/?tab=pool").content.decode()
    assert 'id="pool-panel"' in html and 'id="pool-release"' in html

    response = client.post(f"/customers/pool/release/{customer.pk}/", {"reason": "客户已注销"})
    assert response.status_code == 302 and response["Location"] == "/customers/pool/"  # no longer in my scope
    assert PoolEvent.objects.get(customer=customer, kind="release").reason == "客户已注销"
    html = web_as(p.DIRECTOR).get(f"/customers/{customer.pk}/?tab=pool").content.decode()
    assert "客户已注销" in html and 'id="pool-release"' not in html


def test_releasing_someone_elses_customer_is_refused():
    customer = make_customer(owner=p.SOUTH_REP)
    assert web_as(p.NORTH_REP).post(f"/customers/pool/release/{customer.pk}/", {"reason": "x"}).status_code == 404
    assert web_as(p.CS_AGENT).post(f"/customers/pool/release/{customer.pk}/", {"reason": "x"}).status_code == 403
    assert not Customer.objects.get(pk=customer.pk).in_pool
