"""Speed of the customer archive at a million customers (issue #3), each beside raw SQL in the same run:
the screen-pop card over HTTP, phone-suffix and pinyin-initials search, and imports of large files.

Run with `make bench` (or `manage.py bench customers --scale 0.01`); data comes from bench_data.py.
"""

import itertools
import os
import random
import sqlite3

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from core.bench import (
    Benchmark,
    Context,
    PeakMemory,
    QueryLog,
    Result,
    Stats,
    at_most,
    fmt_seconds,
    latency_result,
    paced_requests,
    run_sql,
    timed,
)
from core.bench.data import column_default, max_id

from . import bench_data, selectors, services
from .models import Contact, Customer
from .services.imports import run_import

AGENT = "cs_agent"  # takes the calls: the screen-pop and searches run as this persona
IMPORTER = "sales_admin"
CUSTOMERS = 1_000_000
LOOKUPS = 3_000
LOOKUP_RATE = 200  # requests per second
SEARCHES = 500
PINYIN_SEARCHES = 100
PAGE = 50
CSV_ROWS, XLSX_ROWS = 1_000_000, 100_000
RAW_ROWS_PER_STATEMENT = 500
TABLE, CONTACTS = Customer._meta.db_table, Contact._meta.db_table
COLUMNS = "c.id, c.name, c.kind, c.grade, c.phone, c.city, c.owner_id, c.region_id, c.annual_purchase"


def user(username: str):
    return get_user_model().objects.get(username=username)


def _archive(ctx: Context) -> int:
    """The generated archive (made once per run, reused across runs); returns its size."""
    wanted = ctx.size(CUSTOMERS, minimum=500)
    ctx.once("customers.archive", lambda: bench_data.ensure_customers(wanted, ctx.log))
    return wanted


def _sample(count: int, seed: int) -> tuple[list[str], list[str]]:
    """Phone digits of random generated customers and of their contacts."""
    bounds = bench_data.generated().aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    rng = random.Random(seed)
    picked = [rng.randint(low, high) for _ in range(count)]
    phones = list(Customer.objects.filter(pk__in=picked).values_list("phone_digits", flat=True))
    contacts = list(Contact.objects.filter(customer_id__in=picked).values_list("phone_digits", flat=True))
    return phones, contacts


def _typed(digits: str, i: int) -> str:
    """A phone as an agent's softphone or a person would type it."""
    if not digits.startswith("1"):
        return f"0{digits[:-8]}-{digits[-8:]}"  # landline with its area code
    return [digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"+86 {digits[:3]}-{digits[3:7]}-{digits[7:]}"][i % 3]


# -- (a) the screen-pop card ---------------------------------------------------------------------------------------

def bench_lookup(ctx: Context) -> list[Result]:
    size = _archive(ctx)
    count = ctx.size(LOOKUPS, minimum=30)
    phones, contacts = _sample(count, seed=1)
    rng = random.Random(2)
    numbers = [rng.choice(contacts) if i % 5 == 4 and contacts else rng.choice(phones) for i in range(count)]
    numbers = [n if i % 20 != 19 else f"168{i:08d}" for i, n in enumerate(numbers)]  # 1 in 20 calls is unknown
    paths = [f"/api/v1/customers/lookup/?phone={_typed(n, i)}" for i, n in enumerate(numbers)]
    client = ctx.client(AGENT)
    ctx.log(f"screen-pop: {count:,} requests at {LOOKUP_RATE}/s as {AGENT}")
    with PeakMemory() as memory:
        run = paced_requests(client, paths, rate=LOOKUP_RATE, warmup=min(50, count // 10),
                             HTTP_ACCEPT="application/json")
    raw_sql = (f"SELECT {COLUMNS} FROM {TABLE} c WHERE c.merged_into_id IS NULL AND c.id IN "
               f"(SELECT id FROM {TABLE} WHERE phone_digits = %s UNION "
               f"SELECT customer_id FROM {CONTACTS} WHERE phone_digits = %s) "
               "ORDER BY c.is_key_account DESC, c.id DESC LIMIT 1")
    raw = Stats.of(timed(lambda n=n: run_sql(raw_sql, [n, n]))[0] for n in numbers)
    worst = max(run.queries)
    return [latency_result(
        "Screen-pop card, GET /api/v1/customers/lookup/ (JSON, logged-in agent)",
        f"{size:,} customers; {run.stats.n:,} requests", run.stats, raw, limit_ms=50,
        queries=f"{worst} max ({sum(run.queries) / len(run.queries):.1f} mean)", peak_rss=memory.peak,
        targets=[at_most("queries ≤ 5", worst, 5)],
        details=[f"- Screen-pop: paced at {LOOKUP_RATE}/s, achieved {run.achieved_rate:,.0f}/s; responses "
                 f"{dict(run.statuses)} (1 in 20 numbers is unknown → 404); phones typed as 13812345678, "
                 "138 1234 5678, +86 138-1234-5678 or 010-62345678; 1 in 5 is a contact's phone.",
                 f"- Database time inside a request (execute only): mean "
                 f"{sum(run.db_seconds) / len(run.db_seconds) * 1000:.2f} ms, max {max(run.db_seconds) * 1000:.2f} ms; "
                 f"CPU time of a request {_cpu(run)} (what it costs on an idle machine).",
                 f"- Raw baseline: `{raw_sql}`"])]


def _cpu(run) -> str:
    cpu = Stats.of(run.cpu_seconds)
    return f"p50 {cpu.p50 * 1000:.1f} / p95 {cpu.p95 * 1000:.1f} ms"


# -- (b, c) search -------------------------------------------------------------------------------------------------

def _search_page(agent, text: str) -> int:
    """What the customer list shows for a search: the match count and the first page (as the list view does)."""
    page = Paginator(selectors.list_page_for(agent, search=text), PAGE).get_page(1)
    return len(list(page.object_list))


def _next_prefix(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` ('8765' -> '8766', '19' -> '2')."""
    stripped = prefix.rstrip("9z")
    return stripped[:-1] + chr(ord(stripped[-1]) + 1) if stripped else "\uffff"


def _raw_list_page(ids: str, params):
    """Count and page 1 of the live customers whose id is in `ids` (SQL whose parameters are `params(text)`)."""
    base = f"FROM {TABLE} c WHERE c.merged_into_id IS NULL AND c.id IN ({ids})"
    count_sql, page_sql = f"SELECT COUNT(*) {base}", f"SELECT {COLUMNS} {base} ORDER BY c.id DESC LIMIT {PAGE}"

    def search(text: str) -> int:
        run_sql(count_sql, params(text))
        return len(run_sql(page_sql, params(text)))

    return search, f"`{count_sql}` then `{page_sql}`"


def _raw_prefix_search(column: str):
    """Customers or contacts whose `column` starts with the text, as ranges on the columns' indexes."""
    ids = (f"SELECT id FROM {TABLE} WHERE {column} >= %s AND {column} < %s UNION "
           f"SELECT customer_id FROM {CONTACTS} WHERE {column} >= %s AND {column} < %s")
    return _raw_list_page(ids, lambda prefix: [prefix, _next_prefix(prefix)] * 2)


def _raw_substring_search():
    """Lowercase letters anywhere in a customer's name, initials or pinyin, or in a contact's name, from the trigram
    indexes (ADR 0010) by hand: FTS5 MATCH on SQLite, the pg_trgm-indexed expressions on PostgreSQL."""
    if connection.vendor == "sqlite":
        customer_fts, contact_fts = selectors.substring.CUSTOMER_FTS, selectors.substring.CONTACT_FTS
        ids = (f"SELECT rowid FROM {customer_fts} WHERE {customer_fts} MATCH %s UNION SELECT customer_id FROM "
               f"{CONTACTS} WHERE id IN (SELECT rowid FROM {contact_fts} WHERE {contact_fts} MATCH %s)")
        return _raw_list_page(ids, lambda text: [f'"{text}"'] * 2)  # a phrase in any column; letters need no quoting
    ids = (f"SELECT id FROM {TABLE} WHERE UPPER(name::text) LIKE UPPER(%s) OR name_initials::text LIKE %s OR "
           f"name_pinyin::text LIKE %s UNION SELECT customer_id FROM {CONTACTS} WHERE UPPER(name::text) LIKE UPPER(%s)")
    return _raw_list_page(ids, lambda text: [f"%{text}%"] * 4)


def _search_result(ctx: Context, operation: str, texts: list[str], raw_prefixes: list[str], raw, raw_text: str,
                   size: int, limit_ms: float | None, note: str) -> Result:
    agent = user(AGENT)
    for text in texts[:5]:
        _search_page(agent, text)
    log = QueryLog()
    with PeakMemory() as memory, log.capture():
        app = Stats.of(timed(lambda t=t: _search_page(agent, t))[0] for t in texts)
    baseline = Stats.of(timed(lambda p=p: raw(p))[0] for p in raw_prefixes)
    sql = str(selectors.list_page_for(agent, search=texts[0]).query)
    return latency_result(operation, f"{size:,} customers; {len(texts):,} searches", app, baseline,
                          limit_ms=limit_ms, queries=f"{log.count / len(texts):.0f}", peak_rss=memory.peak,
                          details=[f"- {note}", f"- App query (`{texts[0]}`): `{sql}`",
                                   f"- Raw baseline: {raw_text}"])


def bench_phone_search(ctx: Context) -> list[Result]:
    size = _archive(ctx)
    phones, contacts = _sample(ctx.size(SEARCHES, minimum=20), seed=3)
    digits = [p[-4:] for p in phones + contacts]
    random.Random(4).shuffle(digits)
    raw, raw_text = _raw_prefix_search("phone_reversed")
    ctx.log(f"phone-suffix search: {len(digits):,} searches")
    return [_search_result(
        ctx, "Search by the last 4 phone digits: customer list page 1 (count + 50 rows)", digits,
        [d[::-1] for d in digits], raw, raw_text, size, 50,
        "Last four digits of random customers' and contacts' phones; the app searches customers' and contacts' "
        "phones (a suffix is a prefix of the reversed digits) as the list page does, as the CS agent.")]


def bench_pinyin_search(ctx: Context) -> list[Result]:
    size = _archive(ctx)
    rng = random.Random(5)
    top = max_id(Customer)
    picked = [rng.randint(1, top) for _ in range(ctx.size(PINYIN_SEARCHES * 2, minimum=40))]
    initials = [i[:4] for i in Customer.objects.filter(pk__in=picked, kind__in=["company", "industry"])
                .values_list("name_initials", flat=True) if len(i) >= 4][:ctx.size(PINYIN_SEARCHES, minimum=20)]
    raw, raw_text = _raw_substring_search()
    ctx.log(f"pinyin-initials search: {len(initials):,} searches")
    return [_search_result(
        ctx, "Search by pinyin initials (4 letters, e.g. szxd = 苏州鑫达…): list page 1 (count + 50 rows)",
        initials, initials, raw, raw_text, size, None,
        "The first four pinyin initials of random companies (city + brand). The app matches initials and full "
        "pinyin anywhere in the name, plus names and contact names, from the trigram indexes (ADR 0010); the raw "
        "baseline does the same substring search on the same indexes by hand.")]


# -- (d) imports ---------------------------------------------------------------------------------------------------

def _remove_imported(after_id: int) -> None:
    """Delete what an import benchmark wrote (customers above `after_id`, their contacts and history rows)."""
    history = Customer.history.model._meta.db_table
    contact_history = Contact.history.model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {contact_history} WHERE customer_id > %s", [after_id])
        cursor.execute(f"DELETE FROM {CONTACTS} WHERE customer_id > %s", [after_id])
        cursor.execute(f"DELETE FROM {history} WHERE id > %s", [after_id])
        cursor.execute(f"DELETE FROM {TABLE} WHERE id > %s", [after_id])


def _cpu_seconds() -> tuple[float, float]:
    """(CPU seconds of this process and its finished child processes, of the children alone): the import cleans
    large files in worker processes."""
    times = os.times()
    children = times.children_user + times.children_system
    return times.user + times.system + children, children


def _raw_insert(rows: list[list[str]]) -> float:
    """Seconds for a raw insert of the file's rows (name, phone, place, address, notes as they are): executemany on
    PostgreSQL; on SQLite multi-row INSERTs, as a row a statement would flush the search's FTS index every row."""
    before = max_id(Customer)
    given = ["name", "phone", "province", "city", "address", "notes"]
    now = timezone.now()
    rest = [f for f in Customer._meta.concrete_fields if not f.primary_key and f.attname not in given]
    fixed = [f.get_db_prep_save(column_default(f, now), connection) for f in rest]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in given + [f.column for f in rest])
    width = len(given) + len(rest)
    values = [[r[0], r[2], r[3], r[4], r[6], r[9], *fixed] for r in rows]

    def insert():
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor != "sqlite":
                sql = f"INSERT INTO {quote(TABLE)} ({columns}) VALUES ({', '.join(['%s'] * width)})"
                for start in range(0, len(values), 10_000):
                    cursor.executemany(sql, values[start:start + 10_000])
                return
            row = f"({', '.join('?' * width)})"
            for start in range(0, len(values), RAW_ROWS_PER_STATEMENT):
                batch = values[start:start + RAW_ROWS_PER_STATEMENT]
                sql = f"INSERT INTO {quote(TABLE)} ({columns}) VALUES {', '.join([row] * len(batch))}"
                sqlite3.Cursor.execute(cursor.cursor, sql, list(itertools.chain.from_iterable(batch)))

    seconds = timed(insert)[0]
    _remove_imported(before)
    return seconds


def _import_result(ctx: Context, path, rows: int, limit_s: float, label: str) -> Result:
    actor = user(IMPORTER)
    before = max_id(Customer)
    with path.open("rb") as handle:
        upload_seconds, job = timed(lambda: services.upload_import(actor=actor, upload=File(handle, name=path.name)))
    job = services.start_import(actor=actor, job=job)  # all-or-nothing: the default mode
    ctx.log(f"importing {rows:,} rows from {path.name}")
    log = QueryLog()
    cpu, workers = _cpu_seconds()
    with PeakMemory() as memory, log.capture():
        seconds = timed(lambda: run_import(job.pk))[0]
    cpu, workers = (after - before for after, before in zip(_cpu_seconds(), (cpu, workers), strict=True))
    job.refresh_from_db()
    _remove_imported(before)
    for stored in (job.input_file, job.result_file):
        if stored:
            stored.delete(save=False)
    raw_seconds = _raw_insert(bench_data.read_rows(path))
    created = job.counts.get("created", 0)
    return Result(
        operation=f"Import {label} through the job function (upload + all-or-nothing run)", n=f"{rows:,} rows",
        figure=(f"{fmt_seconds(seconds)} run (CPU {fmt_seconds(cpu)}, of which cleaning workers "
                f"{fmt_seconds(workers)}) + {fmt_seconds(upload_seconds)} upload; {rows / seconds:,.0f} rows/s"),
        baseline=f"{fmt_seconds(raw_seconds)} (raw INSERT)", ratio=seconds / raw_seconds if raw_seconds else None,
        queries=f"{log.count:,}", peak_rss=memory.peak,
        targets=[at_most(f"≤ {limit_s:g} s", seconds, limit_s), at_most("peak RSS ≤ 1 GB", memory.peak, 1 << 30),
                 at_most("every row imported", rows - created, 0)],
        details=[f"- Import of {path.name}: job {job.status}, {job.message} counts {job.counts}; the upload "
                 "(copy, header detection, row estimate) is timed apart; the imported rows were deleted afterwards.",
                 "- Raw baseline: the same rows' name, phone, place, address and notes inserted as they are in one "
                 "transaction (executemany; multi-row INSERTs on SQLite) — no cleaning, keys, dedupe or history."])


def bench_import_csv(ctx: Context) -> list[Result]:
    _archive(ctx)
    rows = ctx.size(CSV_ROWS, minimum=200)
    path = bench_data.import_csv(ctx.workdir, rows)
    return [_import_result(ctx, path, rows, 30 * rows / CSV_ROWS, "CSV")]


def bench_import_xlsx(ctx: Context) -> list[Result]:
    _archive(ctx)
    rows = ctx.size(XLSX_ROWS, minimum=100)
    ctx.log(f"writing a {rows:,}-row workbook (once)")
    path = bench_data.import_xlsx(ctx.workdir, rows)
    return [_import_result(ctx, path, rows, 15 * rows / XLSX_ROWS, ".xlsx")]


BENCHMARKS = [
    Benchmark("customers.lookup", "Screen-pop card by phone over HTTP at 200 requests/s", bench_lookup, issue="#3"),
    Benchmark("customers.phone_search", "Last-4-digit phone search", bench_phone_search, issue="#3"),
    Benchmark("customers.pinyin_search", "Pinyin-initials search", bench_pinyin_search, issue="#3"),
    Benchmark("customers.import_csv", "Import a 1,000,000-row CSV", bench_import_csv, issue="#3"),
    Benchmark("customers.import_xlsx", "Import a 100,000-row .xlsx", bench_import_xlsx, issue="#3"),
]
