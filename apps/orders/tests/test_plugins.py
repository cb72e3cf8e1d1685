"""Orders in the shell: the global search finds orders by number and customer name within the user's order scope,
and the order desk's dashboard card (director, sales admin) counts what waits and what left today."""

import datetime

import pytest
from django.utils import timezone

from apps.orders.models import Order, Shipment
from apps.orders.selectors.dashboard import order_pipeline_for
from core.registry import panels_for, search_providers_for
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories_orders import BEIJING, GUANGZHOU, make_catalogue, make_order
from .fulfilment_factories import partner_a, ready_order, ship

pytestmark = pytest.mark.django_db


def _search(username: str, text: str) -> list:
    provider = next(p for p in search_providers_for(user(username)) if p.key == "orders")
    return provider.search(user(username), text)


@pytest.fixture
def two_orders():
    """An order of a Beijing customer (north rep) and one of a Guangzhou customer (south rep)."""
    from apps.customers.tests.factories import make_customer

    machine = make_catalogue(stock=0)["machine"]
    north = make_customer(p.NORTH_REP, name="北京彩虹印务有限公司", **BEIJING)
    south = make_customer(p.SOUTH_REP, name="广州南方印务有限公司", **GUANGZHOU)
    return make_order(north, machine), make_order(south, machine)


# -- search ---------------------------------------------------------------------------------------------------------


def test_search_finds_orders_by_number_and_by_customer_name(two_orders):
    north, _south = two_orders
    by_number = _search(p.DIRECTOR, north.number)
    assert [hit.title for hit in by_number] == [north.number]
    assert by_number[0].url == f"/orders/{north.pk}/" and "北京彩虹印务" in by_number[0].subtitle
    assert [hit.title for hit in _search(p.DIRECTOR, "彩虹印务")] == [north.number]


def test_search_stays_within_the_order_scope(two_orders):
    north, south = two_orders
    assert _search(p.NORTH_REP, "印务有限公司") and all(h.title == north.number
                                                     for h in _search(p.NORTH_REP, "印务有限公司"))
    assert _search(p.NORTH_REP, south.number) == []


def test_roles_without_orders_get_no_order_search(two_orders):
    assert "orders" not in {provider.key for provider in search_providers_for(user(p.CS_AGENT))}


def test_the_global_search_page_shows_order_hits(two_orders):
    north, _south = two_orders
    html = web_as(p.DIRECTOR).get("/search/", {"q": north.number}).content.decode()
    assert f"/orders/{north.pk}/" in html


# -- dashboard card -------------------------------------------------------------------------------------------------


def test_the_card_is_for_the_director_and_sales_admin_only():
    def has_card(username):
        return "orders-pipeline" in {panel.key for panel in panels_for(user(username))}

    assert has_card(p.DIRECTOR) and has_card("sales_admin")
    assert not any(has_card(u) for u in (p.NORTH_REP, p.CS_MANAGER, p.PARTNER_A_USER, "warehouse"))


def test_the_card_counts_waiting_orders_and_todays_dispatches_in_two_queries(two_orders):
    north, south = two_orders
    Order.objects.filter(pk=north.pk).update(status="submitted")
    Order.objects.filter(pk=south.pk).update(status="on_hold")
    shipped = ship(ready_order(partner_a(), quantities=(1,)))
    earlier = ship(ready_order(partner_a(), quantities=(1,)))
    Shipment.objects.filter(pk=earlier.pk).update(dispatched_at=timezone.now() - datetime.timedelta(days=2))
    director = user(p.DIRECTOR)
    director.get_all_permissions()  # loaded once per request in real use
    with max_queries(2):
        counts = order_pipeline_for(director)
    assert counts["submitted"] == 1 and counts["on_hold"] == 1 and counts["shipped_today"] == 1
    assert counts["awaiting_payment"] == Order.objects.filter(status="awaiting_payment").count()
    assert shipped.dispatched_at is not None


def test_the_card_counts_only_orders_in_scope(two_orders):
    north, south = two_orders
    Order.objects.filter(pk__in=[north.pk, south.pk]).update(status="submitted")
    assert order_pipeline_for(user(p.NORTH_REP))["submitted"] == 1
    assert order_pipeline_for(user(p.DIRECTOR))["submitted"] == 2


def test_the_dashboard_shows_the_card_with_links_to_the_lists(two_orders):
    north, _south = two_orders
    Order.objects.filter(pk=north.pk).update(status="submitted")
    html = web_as("sales_admin").get("/").content.decode()
    assert 'id="orders-pipeline"' in html and "/orders/?status=submitted" in html
    assert 'id="orders-pipeline"' not in web_as(p.NORTH_REP).get("/").content.decode()
