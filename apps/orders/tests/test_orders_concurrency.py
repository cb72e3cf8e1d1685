"""Concurrency of orders, each thread on its own database connection: parallel approvals of orders for the last
units never oversell, a double submit makes one submission, a retried create with one Idempotency-Key makes one
order. Runs on SQLite (file copy) and PostgreSQL (`DATABASE_URL=postgres://…/x .venv/bin/pytest <this file>`)."""

from decimal import Decimal as D
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from apps.catalog.models import StockLevel
from core.testing.concurrency import in_thread, in_threads, shared_database
from core.testing.helpers import api_as, user

from ..choices import OrderStatus
from ..models import Order, OrderEvent
from ..services import orders as services
from .factories_orders import make_alf, make_catalogue, make_order

STOCK = 3
ORDERS = 6


@pytest.fixture(autouse=True)
def _work_calendars(transactional_db):
    """A transactional test flushes the calendars the migrations seeded; the delivery promise needs them."""
    import_module("core.migrations.0002_seed_work_calendars").seed(django_apps, None)


def test_parallel_approvals_of_the_last_units_never_oversell(transactional_db, tmp_path):
    cat = make_catalogue(stock=STOCK)
    alf = make_alf(credit_limit=D("10000000"))
    orders = [services.submit_order(actor=user("sales_admin"),
                                    order=make_order(alf.customer, cat["machine"], 1, payment_mode="credit"))
              for _n in range(ORDERS)]
    assert all(o.status == OrderStatus.SUBMITTED for o in orders)
    admin = user("sales_admin")
    with shared_database(tmp_path):
        results = in_threads(lambda i: services.approve_order(actor=admin, order=orders[i]), ORDERS)
        pks = [o.pk for o in orders]

        def state():
            level = StockLevel.objects.get(product=cat["machine"], warehouse=cat["hq"])
            by_status = {s: Order.objects.filter(pk__in=pks, status=s).count()
                         for s in (OrderStatus.READY_TO_SHIP, OrderStatus.SUBMITTED)}
            return level, by_status

        level, by_status = in_thread(state)
        unexpected = [r for r in results if isinstance(r, Exception)
                      and getattr(r, "code", "") not in {"insufficient_stock", "stale_status"}
                      and "locked" not in str(r)]
        assert not unexpected, unexpected
    assert by_status[OrderStatus.READY_TO_SHIP] == STOCK
    assert level.reserved == STOCK and level.on_hand == STOCK
    assert by_status[OrderStatus.SUBMITTED] == ORDERS - STOCK


def test_parallel_submits_of_one_order_submit_it_once(transactional_db, tmp_path):
    cat = make_catalogue(stock=STOCK)
    order = make_order(make_alf().customer, cat["machine"], 1)
    admin = user("sales_admin")
    with shared_database(tmp_path):
        results = in_threads(lambda _i: services.submit_order(actor=admin, order=order), 4)
        failures = [r for r in results if isinstance(r, Exception) and "locked" not in str(r)]
        assert not failures, failures
        submissions = in_thread(lambda: OrderEvent.objects.filter(order=order, to_status=OrderStatus.SUBMITTED).count())
    assert submissions == 1


def test_parallel_creates_with_one_idempotency_key_make_one_order(transactional_db, tmp_path):
    cat = make_catalogue(stock=STOCK)
    alf = make_alf()
    body = {"customer": alf.customer.pk, "lines": [{"product": cat["machine"].pk, "quantity": "1"}]}
    with shared_database(tmp_path):
        def create(_index):
            return api_as("partner_user").post("/api/v1/orders/", body, format="json",
                                               HTTP_IDEMPOTENCY_KEY="portal-cart-42").status_code

        codes = in_threads(create, 4)
        count = in_thread(lambda: Order.objects.count())
    assert count == 1
    assert set(codes) <= {201, 409} and 201 in codes
