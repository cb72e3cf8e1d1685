"""Speed of orders (issue #4 §9), each beside raw SQL in the same run: concurrent orders on one hot product (20
client processes, each its own database connection, through the real services: create → submit → approve, which
reserves the stock) and month-end statement generation for 2,000 partners × 50 ledger documents.

Run with `make bench` (or `manage.py bench orders --scale 0.01`).
"""

import datetime
import multiprocessing
import time
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.catalog import services as catalog_services
from apps.catalog.choices import PriceTier, Unit
from apps.catalog.models import PriceList, Product, StockLevel, StockMovement, Warehouse
from apps.catalog.services import InsufficientStock
from apps.channels import services as channel_services
from apps.channels.choices import PartnerStatus, PartnerTier
from apps.channels.models import Partner
from apps.customers import services as customer_services
from apps.customers.models import Customer
from core import rules as rule_data
from core.bench import (
    Benchmark,
    Context,
    PeakMemory,
    QueryLog,
    Result,
    Stats,
    at_least,
    at_most,
    best_of,
    fmt_seconds,
    fmt_stats,
    run_sql,
    timed,
)
from core.bench.data import analyze, generator_user, insert_rows, max_id

from . import rules
from .choices import CreditNoteKind, OrderStatus
from .models import ARDocument, Order, Payment, Statement, StatementLine
from .services import orders as order_services
from .services import statements as statement_services

ATTEMPTS, CLIENTS, STOCK_SHARE = 10_000, 20, Decimal("0.8")  # stock for 80 % of the attempts
ORDER_RATE_TARGET = 500  # orders per second on PostgreSQL
SQLITE_BUSY_MS = 120_000
PARTNERS, DOCUMENTS = 2_000, 50
BENCH_PREFIX = "BENCH-ST"  # the statement benchmark's customers are named so; a rerun finds them
CUTOFF = datetime.date(2025, 3, 27)  # a period of its own, before any demo document


# -- (a) concurrent orders on one hot product -------------------------------------------------------------------


def _hot_product(tag: str, customer) -> Product:
    """A product the bench customers have a price for: a priced demo product, else a new one with every tier's
    list (a database without the demo)."""
    today = timezone.localdate()
    for product in Product.objects.filter(status="active", is_serial_tracked=False).order_by("sku")[:30]:
        try:
            order_services.quote_line(customer=customer, product=product, quantity=1, on=today)
            return product
        except Exception:  # not priced for this tier: try the next
            continue
    admin = get_user_model().objects.get(username="sales_admin")
    category = catalog_services.create_category(actor=admin, code=f"bench-hot-{tag}", name="压测热销品")
    product = catalog_services.create_product(actor=admin, sku=f"BENCH-HOT-{tag}", name="压测热销墨水", model="HOT",
                                              unit=Unit.BOTTLE, category=category, is_serial_tracked=False,
                                              launched_on=today - datetime.timedelta(days=365))
    factors = {PriceTier.SPECIAL_AGENT: "0.70", PriceTier.AGENT: "0.75", PriceTier.SPECIAL_DISTRIBUTOR: "0.80",
               PriceTier.DISTRIBUTOR: "0.85", PriceTier.SUGGESTED: "1.00", PriceTier.FLOOR: "0.66"}
    for tier, factor in factors.items():
        versions = PriceList.objects.filter(tier=tier).count()
        catalog_services.create_price_list(
            actor=admin, code=f"bench-{tier}-{tag}".replace("_", "-"), name=f"bench {tier}", tier=tier,
            effective_from=today - datetime.timedelta(days=30 - min(versions, 29)),
            items=[{"product": product, "min_quantity": Decimal(1), "unit_price": Decimal(680) * Decimal(factor)}])
    return product


def _bench_partners(tag: str, count: int) -> list:
    """`count` distributors with an ample credit line (one per client thread), made through the services."""
    users = get_user_model().objects
    rep, manager = users.get(username="sales_rep"), users.get(username="department_manager")
    partners = []
    for n in range(count):
        customer = customer_services.create_customer(
            actor=rep, owner=rep, name=f"压测经销商{tag}-{n:02d}有限公司", phone=f"1390{tag[-4:]}{n:03d}"[:11],
            kind="company", province_code="110000", city_code="110100")
        partner = channel_services.create_applicant(actor=rep, customer=customer, tier=PartnerTier.DISTRIBUTOR)
        partner = channel_services.admit_partner(actor=manager, partner=partner, tier=PartnerTier.DISTRIBUTOR)
        channel_services.add_territory(actor=manager, partner=partner, province_code="110000", city_code="")
        partners.append(channel_services.update_partner(actor=manager, partner=partner,
                                                        credit_limit=Decimal("10000000000"), payment_term_days=30))
    return partners


def _hot_setup(ctx: Context, attempts: int) -> dict:
    tag = timezone.localtime().strftime("%H%M%S") + f"{max_id(Warehouse) + 1:03d}"
    keeper = get_user_model().objects.get(username="warehouse")
    partners = _bench_partners(tag, CLIENTS)
    product = _hot_product(tag, partners[0].customer)
    units = int(attempts * STOCK_SHARE)
    places = {}
    for side in ("app", "raw"):
        warehouse = catalog_services.create_warehouse(actor=keeper, code=f"bench-{side}-{tag}",
                                                      name=f"压测仓 {side} {tag}")
        catalog_services.receive_stock(actor=keeper, product=product, warehouse=warehouse, quantity=units,
                                       reference=f"BENCH-{tag}")
        places[side] = warehouse
    ctx.log(f"hot product {product.sku}: {units:,} units for {attempts:,} attempts in {places['app'].code}")
    return {"tag": tag, "partners": partners, "product": product, "units": units, **places}


def _run_clients(work, attempts: int, clients: int, durations: list | None = None,
                 cpu: list | None = None) -> tuple[float, list[Counter]]:
    """`work(index)` for every attempt, spread over `clients` worker processes (forked, as an app server's workers,
    each with its own database connection), released together; `durations` gets every attempt's time as its client
    waited for it, `cpu` each client's CPU seconds. Inside a transaction (the test suite's) other connections cannot
    see the data, so it runs inline."""
    tallies = [Counter() for _ in range(clients)]
    durations = [] if durations is None else durations
    cpu = [] if cpu is None else cpu
    if connection.in_atomic_block:
        start, began = time.perf_counter(), time.process_time()
        for index in range(attempts):
            tallies[index % clients][work(index)] += 1
        cpu.append(time.process_time() - began)
        return time.perf_counter() - start, tallies
    forking = multiprocessing.get_context("fork")
    barrier, results = forking.Barrier(clients + 1), forking.SimpleQueue()
    connections.close_all()  # a forked child must open its own connection, never use the parent's
    workers = [forking.Process(target=_client, args=(work, number, attempts, clients, barrier, results))
               for number in range(clients)]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    for _worker in workers:
        number, tally, waited, seconds = results.get()
        tallies[number].update(tally)
        durations.extend(waited)
        cpu.append(seconds)
    elapsed = time.perf_counter() - start
    for worker in workers:
        worker.join()
    return elapsed, tallies


def _client(work, number: int, attempts: int, clients: int, barrier, results) -> None:
    """One client process: every `clients`-th attempt from `number`; reports its outcomes, waits and CPU time."""
    tally, waited, began = Counter(), [], time.process_time()
    try:
        try:
            connection.ensure_connection()
            if connection.vendor == "sqlite":  # 20 writers: the bench settings' 10 s can starve one of them
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        finally:
            barrier.wait()  # even when connecting failed: the others must not wait for this client
        began = time.process_time()
        for index in range(number, attempts, clients):
            started = time.perf_counter()
            tally[work(index)] += 1
            waited.append(time.perf_counter() - started)
    except Exception as exc:  # reported as an error outcome, never a hung benchmark
        tally[f"error:{type(exc).__name__}:{str(exc)[:60]}"] += 1
    finally:
        connections.close_all()
        results.put((number, tally, waited, time.process_time() - began))


def _order_attempt(setup: dict, admin):
    def attempt(index: int) -> str:
        customer = setup["partners"][index % CLIENTS].customer
        try:
            order = order_services.create_order(
                actor=admin, customer=customer, lines=[{"product": setup["product"], "quantity": Decimal(1)}],
                payment_mode="credit", channel="portal", warehouse=setup["app"])
            order = order_services.submit_order(actor=admin, order=order)
            if order.status != OrderStatus.SUBMITTED:
                return f"held:{order.hold_kind}"
            order_services.approve_order(actor=admin, order=order)
            return "reserved"
        except InsufficientStock:
            return "insufficient_stock"
        except Exception as exc:  # every other failure is an error the benchmark reports
            return f"error:{type(exc).__name__}:{getattr(exc, 'code', '') or str(exc)[:60]}"
    return attempt


def _raw_attempt(setup: dict):
    """The floor: a transaction with a conditional UPDATE of the balance row (the row lock on PostgreSQL) and the
    INSERT of its ledger line — no order, no checks."""
    level = StockLevel.objects.get(product=setup["product"], warehouse=setup["raw"])
    quote = connection.ops.quote_name
    update = (f"UPDATE {quote(StockLevel._meta.db_table)} SET reserved = reserved + 1 "
              "WHERE id = %s AND on_hand >= reserved + 1")
    insert = (f"INSERT INTO {quote(StockMovement._meta.db_table)} (product_id, warehouse_id, kind, on_hand_delta, "
              "reserved_delta, on_hand_after, reserved_after, reference, note, occurred_at, created_at) "
              "SELECT product_id, warehouse_id, 'reservation', 0, 1, on_hand, reserved, %s, '', %s, %s "
              f"FROM {quote(StockLevel._meta.db_table)} WHERE id = %s")

    def attempt(index: int) -> str:
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(update, [level.pk])
            if cursor.rowcount != 1:
                return "insufficient_stock"
            cursor.execute(insert, [f"RAW-{index}", now, now, level.pk])
        return "reserved"
    return attempt


def _outcomes(tallies: list[Counter]) -> Counter:
    total = Counter()
    for tally in tallies:
        total.update(tally)
    return total


def bench_hot_product(ctx: Context) -> list[Result]:
    attempts = ctx.size(ATTEMPTS, minimum=40)
    setup = _hot_setup(ctx, attempts)
    admin = get_user_model().objects.get(username="sales_admin")
    ctx.log(f"hot product: {attempts:,} orders from {CLIENTS} clients through create → submit → approve")
    reverse("orders:detail", args=[0])  # a server's workers start with the URLs loaded (the submit notice links)
    durations: list[float] = []
    cpu: list[float] = []
    raw_cpu: list[float] = []
    with PeakMemory() as memory:
        seconds, tallies = _run_clients(_order_attempt(setup, admin), attempts, CLIENTS, durations, cpu)
    ctx.log(f"raw SQL: {attempts:,} lock-update-insert transactions from {CLIENTS} clients")
    raw_seconds, raw_tallies = _run_clients(_raw_attempt(setup), attempts, CLIENTS, cpu=raw_cpu)
    app, raw = _outcomes(tallies), _outcomes(raw_tallies)
    level = StockLevel.objects.get(product=setup["product"], warehouse=setup["app"])
    raw_level = StockLevel.objects.get(product=setup["product"], warehouse=setup["raw"])
    ready = Order.objects.filter(warehouse=setup["app"], status=OrderStatus.READY_TO_SHIP).count()
    problems = catalog_services.verify_stock_balances()
    oversell = max(level.reserved - level.on_hand, 0) + abs(ready - app["reserved"]) \
        + max(raw_level.reserved - raw_level.on_hand, 0)
    errors = sum(n for outcome, n in app.items() if outcome not in ("reserved", "insufficient_stock"))
    rate, raw_rate = attempts / seconds, attempts / raw_seconds
    cpu_ms, raw_cpu_ms = sum(cpu) / attempts * 1000, sum(raw_cpu) / attempts * 1000
    return [Result(
        operation=f"Orders for one hot product from {CLIENTS} clients (create → submit → approve reserves stock)",
        n=f"{attempts:,} attempts; {setup['units']:,} units",
        figure=f"{rate:,.0f} orders/s ({fmt_seconds(seconds)}); {app['reserved']:,} reserved, "
               f"{app['insufficient_stock']:,} refused",
        baseline=f"{raw_rate:,.0f}/s ({fmt_seconds(raw_seconds)}, raw lock-update-insert)",
        ratio=raw_rate / rate if rate else None, peak_rss=memory.peak,
        targets=[at_least(f"≥ {ORDER_RATE_TARGET} orders/s", rate, ORDER_RATE_TARGET),
                 at_most("0 oversell", float(oversell), 0), at_most("0 errors", errors, 0),
                 at_most("stock ledger agrees", len(problems), 0),
                 at_least("every unit sold", app["reserved"], setup["units"])],
        details=[f"- Outcomes: app {dict(app)}; raw {dict(raw)}.",
                 f"- One attempt (create + submit + approve) as a client waited for it: "
                 f"{fmt_stats(Stats.of(durations)) if durations else 'not timed (ran inline)'}; CPU of the "
                 f"client processes {cpu_ms:.1f} ms an attempt (raw loop {raw_cpu_ms:.2f} ms; the database "
                 "server's CPU not included).",
                 f"- Stock after: app on hand {level.on_hand}, reserved {level.reserved}, {ready:,} orders ready to "
                 f"ship; raw on hand {raw_level.on_hand}, reserved {raw_level.reserved}; "
                 f"`verify_stock_balances()` found {len(problems)} disagreement(s) over the whole ledger.",
                 "- Each app attempt is a partner (20 distributors, one per client) ordering 1 unit on credit: "
                 "`create_order` (price resolution, number, lines, event), `submit_order` (delivery promise with "
                 "the quota, price-exception and credit checks) and `approve_order` (credit check again, stock "
                 "reserved by a conditional UPDATE, ready to ship), each its own transaction. Refusals are the "
                 "clean `insufficient_stock` of the reservation; the order then stays submitted.",
                 "- Raw baseline: per attempt one transaction with `UPDATE stock level SET reserved = reserved + 1 "
                 "WHERE id = … AND on_hand >= reserved + 1` and, when a row changed, the INSERT of its ledger line. "
                 "The ratio is raw ÷ app throughput.",
                 "- Clients are forked processes (as an app server's worker processes), each with its own "
                 "connection, for the app and the raw loop alike: the Python work of one client does not wait for "
                 "another's interpreter lock, so throughput is bounded by the machine's cores and the database. On "
                 f"SQLite each client's busy timeout is {SQLITE_BUSY_MS // 1000} s: writers queue for the one write "
                 "lock."])]


# -- (b) month-end statements ---------------------------------------------------------------------------------------


def _statement_ledger(ctx: Context, partners: int) -> list[int]:
    """`partners` active partners with 50 documents each in the period (30 invoices, 8 credit notes, 12 payments)
    and one opening invoice before it; generated with raw inserts once and reused."""
    existing = list(Customer.objects.filter(name__startswith=BENCH_PREFIX).order_by("pk").values_list("pk", flat=True))
    if len(existing) >= partners:
        return existing[:partners]
    day = rule_data.value("orders.statement_cutoff_day", CUTOFF)
    start, end = rules.statement_period(CUTOFF, day)
    span = (end - start).days + 1
    now, creator = timezone.now(), generator_user()
    first = max_id(Customer) + 1
    made = partners - len(existing)
    ctx.log(f"statements: generating {made:,} partners × {DOCUMENTS} documents")
    insert_rows(Customer, ({"id": first + n, "name": f"{BENCH_PREFIX}-{first + n:07d} 经销商", "kind": "partner",
                            "created_by_id": creator.pk, "updated_by_id": creator.pk} for n in range(made)), now=now)
    customers = list(range(first, first + made))
    first_partner = max_id(Partner) + 1
    insert_rows(Partner, ({"id": first_partner + n, "customer_id": c, "tier": PartnerTier.DISTRIBUTOR,
                           "status": PartnerStatus.ACTIVE, "credit_limit": Decimal("500000"),
                           "payment_term_days": 30, "created_by_id": creator.pk, "updated_by_id": creator.pk}
                          for n, c in enumerate(customers)), now=now)
    partner_of = {c: first_partner + n for n, c in enumerate(customers)}
    doc_id, pay_id = max_id(ARDocument) + 1, max_id(Payment) + 1

    def documents():
        for n, c in enumerate(customers):
            yield _document(doc_id + n * 39, c, partner_of[c], start - datetime.timedelta(days=20), "invoice", 48000)
            for k in range(38):
                on = start + datetime.timedelta(days=(n + k * 7) % span)
                kind = "invoice" if k < 30 else "credit_note"
                yield _document(doc_id + n * 39 + 1 + k, c, partner_of[c], on, kind, 1000 + (n * 37 + k * 101) % 9000,
                                credit_kind=(CreditNoteKind.RETURN if k % 2 else CreditNoteKind.REBATE)
                                if kind == "credit_note" else "")

    def payments():
        for n, c in enumerate(customers):
            for k in range(12):
                on = start + datetime.timedelta(days=(n * 3 + k * 5) % span)
                amount = Decimal(2000 + (n * 13 + k * 211) % 15000)
                yield {"id": pay_id + n * 12 + k, "number": f"BPAY{pay_id + n * 12 + k:09d}", "customer_id": c,
                       "partner_id": partner_of[c], "amount": amount, "unallocated_amount": Decimal(0),
                       "received_on": on, "method": "bank_transfer", "reference": f"回款 {k}",
                       "created_by_id": creator.pk, "updated_by_id": creator.pk}

    insert_rows(ARDocument, documents(), now=now)
    insert_rows(Payment, payments(), now=now)
    analyze()
    return existing + customers


def _document(pk: int, customer: int, partner: int, on: datetime.date, kind: str, amount: int, credit_kind=""):
    value = Decimal(amount)
    return {"id": pk, "number": f"B{'INV' if kind == 'invoice' else 'CN'}{pk:09d}", "kind": kind,
            "customer_id": customer, "partner_id": partner, "document_date": on,
            "due_date": on + datetime.timedelta(days=30) if kind == "invoice" else None, "amount": value,
            "open_amount": Decimal(0), "credit_kind": credit_kind, "reference": f"FH-{pk}", "reason": "",
            "created_by_id": None, "updated_by_id": None}


def _raw_pass(start: datetime.date, end: datetime.date) -> int:
    """One raw aggregate pass over the ledger: every customer's balance before the period, and the period's
    documents of every customer in ledger order with their running balance (window function) — the figures and
    lines a statement is made of, read but not written."""
    quote = connection.ops.quote_name
    docs, pays = quote(ARDocument._meta.db_table), quote(Payment._meta.db_table)
    opening = (f"SELECT customer_id, SUM(CASE WHEN kind = 'invoice' THEN amount ELSE -amount END) FROM {docs} "
               f"WHERE document_date < %s GROUP BY customer_id UNION ALL SELECT customer_id, -SUM(amount) FROM {pays} "
               "WHERE received_on < %s GROUP BY customer_id")
    lines = (f"SELECT customer_id, on_day, signed, SUM(signed) OVER (PARTITION BY customer_id ORDER BY on_day, rnk, "
             f"number ROWS UNBOUNDED PRECEDING) FROM (SELECT customer_id, document_date AS on_day, number, "
             f"CASE WHEN kind = 'invoice' THEN 0 ELSE 1 END AS rnk, CASE WHEN kind = 'invoice' THEN amount "
             f"ELSE -amount END AS signed FROM {docs} WHERE document_date BETWEEN %s AND %s UNION ALL "
             f"SELECT customer_id, received_on, number, 2, -amount FROM {pays} WHERE received_on BETWEEN %s AND %s) "
             "ledger ORDER BY customer_id, on_day, rnk, number")
    return len(run_sql(opening, [start, start])) + len(run_sql(lines, [start, end, start, end]))


def _clear(end: datetime.date) -> None:
    """Remove the statements of the benchmark's period and their history (the deletions' own history rows too), so
    every run generates them anew."""
    ids = Statement.objects.filter(period_end=end).values("pk")
    with transaction.atomic():
        StatementLine.objects.filter(statement__in=ids).delete()
        Statement.objects.filter(period_end=end).delete()
        Statement.history.model.objects.filter(period_end=end).delete()


def bench_statements(ctx: Context) -> list[Result]:
    partners = ctx.size(PARTNERS, minimum=20)
    customers = _statement_ledger(ctx, partners)
    day = rule_data.value("orders.statement_cutoff_day", CUTOFF)
    start, end = rules.statement_period(CUTOFF, day)
    _clear(end)
    finance = get_user_model().objects.get(username="finance")
    reverse("orders:statements")  # a running server has its URLs loaded; the first reverse imports every urls.py
    ctx.log(f"statements: generating the {end} statements ({partners:,} bench partners × {DOCUMENTS} documents)")
    log = QueryLog()
    with PeakMemory() as memory, log.capture():
        began = time.thread_time()
        seconds, made = timed(lambda: statement_services.generate_statements(actor=finance, cutoff=CUTOFF))
        cpu = time.thread_time() - began
    bench_made = Statement.objects.filter(period_end=end, customer_id__in=customers)
    lines = StatementLine.objects.filter(statement__period_end=end).count()
    sample = bench_made.order_by("customer_id").first()
    check = _check(sample, start, end) if sample else "no statement"
    rows = _raw_pass(start, end)
    raw_seconds = best_of(lambda: _raw_pass(start, end), repeat=3)
    raw_cpu = min(_cpu_seconds(lambda: _raw_pass(start, end)) for _run in range(3))
    return [Result(
        operation="Month-end statements: `generate_statements` (headers + line detail with running balance)",
        n=f"{partners:,} partners × {DOCUMENTS} documents; {made:,} statements, {lines:,} lines",
        figure=fmt_seconds(seconds), baseline=f"{fmt_seconds(raw_seconds)} (raw aggregate pass, {rows:,} rows)",
        ratio=seconds / raw_seconds if raw_seconds else None, queries=f"{log.count:,}", peak_rss=memory.peak,
        targets=[at_most("≤ 2× the raw pass", seconds / raw_seconds if raw_seconds else 0, 2),
                 at_most("every bench partner has its statement", partners - bench_made.count(), 0),
                 at_most("closing = opening + movements", 0 if check == "ok" else 1, 0)],
        details=[f"- Period {start} … {end} (cut-off day {day}); each bench partner has an opening invoice before it "
                 f"and 30 invoices, 8 credit notes (returns, rebates) and 12 payments in it. Statements of every "
                 f"other partner and customer with activity are made too (the real run); the period's statements are "
                 f"deleted before each run. Check of one statement against the ledger: {check}.",
                 "- Raw baseline: one SQL pass for every customer's balance before the period, then one pass over "
                 "the period's invoices, credit notes and payments in ledger order with the running balance "
                 "(window function) — what the statements are made of, read but not written. The app also writes "
                 "the headers, their history rows and every line (INSERT … SELECT).",
                 f"- CPU time of this process (what a busy machine does not stretch): app {cpu:.2f} s, raw pass "
                 f"{raw_cpu:.2f} s (best of 3), {cpu / raw_cpu if raw_cpu else 0:.1f}×. SQLite works inside the "
                 "process, so on SQLite this is all the work; PostgreSQL's own work is not in it."])]


def _cpu_seconds(work) -> float:
    began = time.thread_time()
    work()
    return time.thread_time() - began


def _check(statement: Statement, start: datetime.date, end: datetime.date) -> str:
    from .selectors import receivables as ar_selectors

    customer = statement.customer
    opening = ar_selectors.balance_at(customer, start - datetime.timedelta(days=1))
    closing = ar_selectors.balance_at(customer, end)
    last = statement.lines.aggregate(position=Max("position"))["position"]
    if statement.opening_balance != opening or statement.closing_balance != closing:
        return (f"mismatch: opening {statement.opening_balance} vs {opening}, "
                f"closing {statement.closing_balance} vs {closing}")
    if last != DOCUMENTS:
        return f"{last} lines, expected {DOCUMENTS}"
    return "ok"


BENCHMARKS = [
    Benchmark("orders.hot_product", "Concurrent orders on one hot product (20 clients)", bench_hot_product,
              issue="#4"),
    Benchmark("orders.statements", "Month-end statements for 2,000 partners × 50 documents", bench_statements,
              issue="#4"),
]
