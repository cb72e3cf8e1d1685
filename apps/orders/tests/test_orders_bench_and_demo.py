"""The orders benchmarks run end to end at a tiny scale (figures are never asserted: `make bench` reports them),
the demo seed makes every return and statement state, and the partner portal links to everything a partner does."""

from decimal import Decimal as D
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.test.utils import override_settings

from apps.org import selectors as org_selectors
from core.bench import Context
from core.testing.concurrency import in_thread, shared_database
from core.testing.helpers import english, user, web_as

from .. import bench
from ..choices import ReturnStatus, StatementStatus
from ..models import Order, ReturnRequest, Statement
from .factories_orders import make_alf, make_catalogue, make_hx

pytestmark = pytest.mark.django_db


def _verdicts(result) -> dict[str, bool]:
    return {target.text: target.met for target in result.targets}


def test_the_orders_benchmarks_run_at_a_tiny_scale_without_oversell_or_errors(tmp_path):
    ctx = Context(scale=0.0001, workdir=tmp_path, log=lambda _line: None)

    [hot] = bench.bench_hot_product(ctx)
    [statements] = bench.bench_statements(ctx)

    verdicts = _verdicts(hot)
    assert verdicts["0 oversell"] and verdicts["0 errors"] and verdicts["stock ledger agrees"]
    assert verdicts["every unit sold"]
    assert "orders/s" in hot.figure and "raw lock-update-insert" in hot.baseline
    assert "'insufficient_stock': 8" in hot.details[0]  # 40 attempts for 32 units: 8 clean refusals
    verdicts = _verdicts(statements)
    assert verdicts["every bench partner has its statement"] and verdicts["closing = opening + movements"]
    assert "raw aggregate pass" in statements.baseline and statements.ratio is not None


@pytest.mark.django_db(transaction=True)
def test_the_hot_product_clients_run_in_processes_each_on_its_own_connection(tmp_path):
    import_module("core.migrations.0002_seed_work_calendars").seed(django_apps, None)  # flushed by the test
    ctx = Context(scale=0.0001, workdir=tmp_path, log=lambda _line: None)
    with shared_database(tmp_path):
        result = in_thread(lambda: bench.bench_hot_product(ctx))

    assert not isinstance(result, Exception), result
    [hot] = result
    verdicts = _verdicts(hot)
    assert verdicts["0 oversell"] and verdicts["stock ledger agrees"]
    assert "p50" in hot.details[1] and "CPU of the client processes" in hot.details[1]  # reported by each client
    # SQLite test databases start deferred transactions: a writer may be refused as "locked", never oversold.
    outcomes = hot.details[0]
    assert "error:" not in outcomes.replace("error:OperationalError:database is locked", "")


def test_a_second_statement_run_regenerates_the_period():
    ctx = Context(scale=0.0001, workdir=None, log=lambda _line: None)
    bench.bench_statements(ctx)
    first = Statement.objects.filter(period_end=bench.CUTOFF).count()

    [again] = bench.bench_statements(ctx)

    assert Statement.objects.filter(period_end=bench.CUTOFF).count() == first
    assert _verdicts(again)["every bench partner has its statement"]


def _seed_demo_after_org() -> dict:
    """The demo of the apps below orders, then the orders demo (the organisation is seeded by the conftest)."""
    from apps.catalog.seed import seed_demo as seed_catalog
    from apps.channels.seed import seed_demo as seed_channels
    from apps.customers.seed import seed_demo as seed_customers
    from apps.orders.seed import seed_demo as seed_orders

    employees = org_selectors.list_employees_for(user("admin")).select_related("user")
    context = {"password": "x", "people": {e.user.username: e for e in employees}}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for seed in (seed_catalog, seed_customers, seed_channels, seed_orders):
            seed(context)
    return context


def test_the_demo_makes_every_return_and_statement_state():
    _seed_demo_after_org()

    returns = {status: ReturnRequest.objects.filter(status=status) for status in ReturnStatus.values}
    assert all(returns[status].exists() for status in ReturnStatus.values)
    approved = returns[ReturnStatus.APPROVED]
    assert approved.filter(beyond_quota=True, lines__credit_rate=D("100")).exists()  # bought beyond the quota
    assert approved.filter(beyond_quota=False, lines__credit_rate=D("80")).exists()  # within the quota
    assert all(Statement.objects.filter(status=status).exists() for status in StatementStatus.values)
    disputed = Statement.objects.get(status=StatementStatus.DISPUTED)
    assert disputed.customer.partner_unit.code == "partner-gz-hx" and disputed.lines.exists()
    assert Order.objects.filter(status="ready_to_ship").exists() or Order.objects.filter(status="shipped").exists()


def test_the_portal_links_to_orders_shipments_receivables_and_the_catalogue_at_the_partners_prices():
    cat = make_catalogue(stock=5)
    alf = make_alf(credit_limit=D("500000"))

    home = web_as("partner_user").get("/orders/portal/").content.decode()
    for path in ("/orders/", "/orders/new/", "/orders/shipments/", "/orders/portal/catalogue/",
                 f"/orders/receivables/{alf.customer_id}/", "/orders/statements/", "/orders/returns/"):
        assert f'href="{path}' in home, path
    assert web_as("partner_user").get("/orders/").status_code == 200
    assert web_as("partner_user").get("/orders/shipments/").status_code == 200

    page = web_as("partner_user").get("/orders/portal/catalogue/").content.decode()
    assert 'id="portal-catalogue"' in page and cat["machine"].sku in page
    assert "¥96,000.00" in page  # the agent price of the ¥128,000 machine (×0.75)
    assert "¥128,000.00" not in page  # never the market price


def test_the_portal_catalogue_is_for_partner_users_only_and_searches(settings):
    make_catalogue(stock=0)
    make_hx()
    assert web_as("sales_admin").get("/orders/portal/catalogue/").status_code == 403
    with english(settings):
        empty = web_as("partner_b_user").get("/orders/portal/catalogue/?q=no-such-sku", HTTP_HX_REQUEST="true")
    assert empty.status_code == 200 and "No products found" in empty.content.decode()
