"""The service desk wired to orders: the customer's recent orders on the ticket page (within the agent's order
scope, never beyond), and the 窜货 hook — a repaired serial number serviced outside the territory of the partner it
was shipped to raises one flag, shown on the ticket page."""

import re

import pytest

from apps.orders.models import CrossTerritoryFlag, Order
from apps.orders.tests.factories_orders import make_catalogue, make_order
from apps.orders.tests.fulfilment_factories import partner_a, partner_b, ready_order, ship
from apps.org import selectors as org_selectors
from apps.service import selectors, services
from apps.service.services.territory import service_location
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories import make_customer, make_ticket

pytestmark = pytest.mark.django_db
BEIJING = {"province_code": "110000", "city_code": "110100"}
SHENZHEN = {"province_code": "440000", "city_code": "440300"}


def _orders(customer, n: int) -> list[Order]:
    machine = make_catalogue(stock=0)["machine"]
    return [make_order(customer, machine) for _ in range(n)]


def _numbers_on_page(html: str) -> list[str]:
    return re.findall(r'data-order="([^"]+)"', html)


# -- recent orders on the ticket page -------------------------------------------------------------------------------


def test_the_panel_lists_the_customers_last_five_orders_newest_first():
    customer = make_customer(**BEIJING)
    orders = _orders(customer, 6)
    ticket = make_ticket(p.CS_MANAGER, customer=customer)
    html = web_as(p.DIRECTOR).get(f"/service/tickets/{ticket.pk}/").content.decode()
    expected = [o.number for o in sorted(orders, key=lambda o: (o.created_at, o.pk), reverse=True)[:5]]
    assert _numbers_on_page(html) == expected
    assert 'id="recent-orders"' in html and "¥" in html


def test_an_agent_without_order_rights_sees_no_orders_at_all():
    customer = make_customer(**BEIJING)
    _orders(customer, 2)
    ticket = make_ticket(p.CS_AGENT, customer=customer)
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert 'id="recent-orders"' not in html and _numbers_on_page(html) == []
    assert selectors.customer_panel(user(p.CS_AGENT), ticket).recent_orders == []


def test_orders_outside_the_users_order_scope_are_not_shown():
    # given a Beijing customer with one order of the Beijing branch and one entered by the south branch (an order
    # keeps the owner, unit and region it was entered with)
    customer = make_customer(p.NORTH_REP, **BEIJING)
    ours, theirs = _orders(customer, 2)
    south = user(p.SOUTH_REP)
    Order.objects.filter(pk=theirs.pk).update(owner=south, org_unit=org_selectors.unit_of(south),
                                              region=org_selectors.list_regions().get(code="guangzhou"))
    ticket = make_ticket("regional_manager", customer=customer)
    # when the Beijing regional manager opens the ticket, then only the Beijing order shows
    html = web_as("regional_manager").get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert _numbers_on_page(html) == [ours.number]
    # the director sees both
    assert set(_numbers_on_page(web_as(p.DIRECTOR).get(f"/service/tickets/{ticket.pk}/").content.decode())) == {
        ours.number, theirs.number}


def test_an_order_listed_in_recent_orders_is_not_repeated_among_the_open_items():
    customer = make_customer(**BEIJING)
    (order,) = _orders(customer, 1)
    order.status = "submitted"
    order.save(update_fields=["status"])
    ticket = make_ticket(p.CS_MANAGER, customer=customer)
    panel = selectors.customer_panel(user(p.DIRECTOR), ticket)
    assert [o.number for o in panel.recent_orders] == [order.number]
    assert all(order.number not in item.title for item in panel.open_items)


def test_the_ticket_page_runs_the_same_queries_for_no_orders_or_many():
    def queries(ticket) -> int:
        client = web_as(p.DIRECTOR)
        client.get(f"/service/tickets/{ticket.pk}/")
        with max_queries(45) as ctx:
            assert client.get(f"/service/tickets/{ticket.pk}/").status_code == 200
        return len(ctx.captured_queries)

    without = make_customer(**BEIJING)
    with_orders = make_customer(**BEIJING)
    _orders(with_orders, 7)
    assert queries(make_ticket(p.CS_MANAGER, customer=with_orders)) == queries(
        make_ticket(p.CS_MANAGER, customer=without))


# -- the serial-number 窜货 hook --------------------------------------------------------------------------------------


@pytest.fixture
def shipped_serial():
    """A serial-tracked machine shipped to partner A (北京艾礼富, authorised for Beijing); partner B (广州恒信) is
    authorised for Guangdong."""
    partner_b()
    order = ready_order(partner_a(), quantities=(1,))
    ship(order, serial_prefix="SVC")
    return "SVC0001"


def _repair(customer, serial_no, **fields):
    return make_ticket(p.CS_AGENT, kind="repair", subject="设备无法开机", customer=customer, serial_no=serial_no,
                       **fields)


def test_a_serial_of_partner_a_serviced_in_partner_bs_province_raises_exactly_one_flag(
        shipped_serial, django_capture_on_commit_callbacks):
    customer = make_customer(p.SOUTH_REP, **SHENZHEN)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _repair(customer, shipped_serial)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_ticket(actor=user(p.CS_AGENT), ticket=ticket, serial_no=f" {shipped_serial}")
        services.update_ticket(actor=user(p.CS_AGENT), ticket=ticket, fault="开机无反应", serial_no=shipped_serial)
    flag = CrossTerritoryFlag.objects.get(serial_no=shipped_serial)
    assert flag.source == "service_request" and flag.reference == ticket.number
    assert flag.partner.customer.province_code == "110000" and flag.province_code == "440000"
    assert flag.city == "深圳市" and flag.outcome == ""


def test_a_serial_serviced_inside_its_partners_territory_raises_none(
        shipped_serial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _repair(make_customer(**BEIJING), shipped_serial)
    assert not CrossTerritoryFlag.objects.filter(serial_no=shipped_serial).exists()


def test_a_serial_added_later_by_an_edit_is_checked_then(shipped_serial, django_capture_on_commit_callbacks):
    ticket = _repair(make_customer(p.SOUTH_REP, **SHENZHEN), "")
    assert not CrossTerritoryFlag.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_ticket(actor=user(p.CS_AGENT), ticket=ticket, serial_no=shipped_serial)
    assert CrossTerritoryFlag.objects.filter(serial_no=shipped_serial, reference=ticket.number).count() == 1


def test_other_kinds_and_unlocated_callers_are_not_checked(shipped_serial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket(p.CS_AGENT, kind="inquiry", customer=make_customer(p.SOUTH_REP, **SHENZHEN),
                    serial_no=shipped_serial)
        make_ticket(p.CS_AGENT, kind="repair", serial_no=shipped_serial)  # unknown caller: no address
    assert not CrossTerritoryFlag.objects.exists()


def test_the_flag_is_raised_only_after_the_ticket_is_committed(shipped_serial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _repair(make_customer(p.SOUTH_REP, **SHENZHEN), shipped_serial)
    assert not CrossTerritoryFlag.objects.exists()
    for callback in callbacks:
        callback()
    assert CrossTerritoryFlag.objects.count() == 1


def test_the_location_comes_from_the_address_else_a_one_place_region():
    customer = make_customer(p.SOUTH_REP, **SHENZHEN)
    ticket = _repair(customer, "X1")
    assert service_location(ticket) == ("440000", "440300")
    unknown = make_ticket(p.CS_AGENT, kind="repair", serial_no="X2")
    assert service_location(unknown) == ("", "")
    unknown.region = org_selectors.list_regions().get(code="beijing")  # five provinces: says nothing
    assert service_location(unknown) == ("", "")


def test_the_ticket_page_warns_everyone_and_links_the_flag_for_reviewers(
        shipped_serial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _repair(make_customer(p.SOUTH_REP, **SHENZHEN), shipped_serial)
    agent = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert 'id="serial-flag"' in agent and shipped_serial in agent and 'id="serial-flag-link"' not in agent
    director = web_as(p.DIRECTOR).get(f"/service/tickets/{ticket.pk}/").content.decode()
    link = re.search(r'href="([^"]+)" class="alert-link" id="serial-flag-link"', director).group(1)
    flags = web_as(p.DIRECTOR).get(link.replace("&amp;", "&")).content.decode()
    assert ticket.number in flags


def test_no_warning_without_a_flag(shipped_serial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _repair(make_customer(**BEIJING), shipped_serial)
    assert 'id="serial-flag"' not in web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
