"""Speed of the service desk at a million tickets (issue #5), beside raw SQL / a raw loop in the same run: the
inbox page (boxes with counts, filters, SLA status, a page of 50) and SLA deadline computation.

Run with `make bench` (or `manage.py bench service --scale 0.01`); data comes from bench_data.py.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org import selectors as org_selectors
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
    fmt_ms,
    fmt_stats,
    paced_requests,
    replay_seconds,
    run_sql,
    timed,
)
from core.bench.data import explain, full_scans

from . import access, bench_data
from .choices import OPEN_STATUSES
from .models import Ticket
from .services import sla as sla_service

TICKETS = 1_000_000
REQUESTS = 1_000
SLA_TICKETS = 100_000
TABLE = Ticket._meta.db_table
WATCHERS = Ticket.watchers.through._meta.db_table
JOINED = {name: Ticket._meta.get_field(name).related_model._meta.db_table
          for name in ("customer", "assignee", "team", "category")}


@dataclass(frozen=True)
class Page:
    """One inbox URL and how its rows are chosen, for the raw SQL that fetches the same page."""

    persona: str
    query: str
    box: str = "open"
    exact: dict = field(default_factory=dict)
    order: str = "due"

    @property
    def url(self) -> str:
        return f"/service/?{self.query}"


PAGES = [
    Page("cs_agent", "box=open"),
    Page("cs_agent", "box=mine", "mine"),
    Page("cs_agent", "box=team&sla_status=due_soon", "team", {"sla_status": "due_soon"}),
    Page("cs_agent", "box=breached&kind=complaint", "breached", {"kind": "complaint"}),
    Page("cs_supervisor", "box=open"),
    Page("cs_supervisor", "box=unassigned&priority=high", "unassigned", {"priority": "high"}),
    Page("cs_supervisor", "box=breached&sort=-received", "breached", order="-received"),
    Page("cs_supervisor", "box=open&kind=repair&page=3", exact={"kind": "repair"}, order="due"),
]


def _tickets(ctx: Context) -> int:
    wanted = ctx.size(TICKETS, minimum=400)
    ctx.once("service.tickets", lambda: bench_data.ensure_tickets(wanted, ctx.log))
    return wanted


# -- the inbox -------------------------------------------------------------------------------------------------

def _subtree(user) -> list[int]:
    """Ids of the units under the user's unit (a raw-SQL writer would look them up once)."""
    path = access.unit_path(user)
    if not path:
        return [0]
    superuser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return [u.pk for u in org_selectors.list_org_units_for(superuser) if u.path.startswith(path)]


def raw_page_sql(user, page: Page) -> tuple[str, list]:
    """Hand-written SQL for the page's 50 rows: the same visibility, box, filters, order and columns shown."""
    where, params = ["t.status IN ({})".format(", ".join(["%s"] * len(OPEN_STATUSES)))], [str(s) for s in OPEN_STATUSES]
    units = ", ".join(str(pk) for pk in _subtree(user))
    if not access.can_see_all_tickets(user):
        where.append(f"(t.assignee_id = %s OR t.created_by_id = %s OR t.team_id IN ({units}) OR t.department_id IN "
                     f"({units}) OR t.id IN (SELECT ticket_id FROM {WATCHERS} WHERE user_id = %s))")
        params += [user.pk, user.pk, user.pk]
    box = {"mine": ("t.assignee_id = %s", [user.pk]), "team": (f"t.team_id IN ({units})", []),
           "unassigned": ("t.assignee_id IS NULL", []), "breached": ("t.sla_status = %s", ["breached"]),
           "due_soon": ("t.sla_status = %s", ["due_soon"])}.get(page.box)
    if box:
        where.append(box[0])
        params += box[1]
    for name, value in page.exact.items():
        where.append(f"t.{name} = %s")
        params.append(value)
    order = ("t.resolution_due ASC NULLS LAST, t.id DESC" if page.order == "due" else "t.received_at DESC, t.id DESC")
    offset = 50 * (int(page.query.split("page=")[1]) - 1) if "page=" in page.query else 0
    sql = ("SELECT t.id, t.number, t.subject, t.kind, t.status, t.priority, t.sla_status, t.resolution_due, "
           "t.received_at, t.phone, t.caller_name, c.name, u.first_name, tm.name, cat.name "
           f"FROM {TABLE} t LEFT JOIN {JOINED['customer']} c ON c.id = t.customer_id "
           f"LEFT JOIN {JOINED['assignee']} u ON u.id = t.assignee_id "
           f"LEFT JOIN {JOINED['team']} tm ON tm.id = t.team_id "
           f"LEFT JOIN {JOINED['category']} cat ON cat.id = t.category_id "
           f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT 50 OFFSET {offset}")
    return sql, params


@dataclass
class PageFacts:
    page: Page
    queries: int
    app_db: float
    raw_db: float
    plans: dict  # sql -> (plan lines, full scans)


def _facts(client, user, page: Page) -> PageFacts:
    log = QueryLog(keep=True)
    with log.capture():
        client.get(page.url)
    sql, params = raw_page_sql(user, page)
    plans = {}
    for statement, args in log.statements:
        if f'"{TABLE}"' in statement and statement.lstrip().upper().startswith("SELECT"):
            plan = explain(statement, args)
            plans[statement] = (plan, full_scans(plan, TABLE))
    return PageFacts(page, log.count, replay_seconds(log.statements), best_of(lambda: run_sql(sql, params)), plans)


def _inbox(ctx: Context, persona: str, size: int) -> Result:
    pages = [p for p in PAGES if p.persona == persona]
    client, user = ctx.client(persona), get_user_model().objects.get(username=persona)
    count = ctx.size(REQUESTS, minimum=16)
    paths = [p.url for p in itertools.islice(itertools.cycle(pages), count)]
    ctx.log(f"inbox: {count:,} requests as {persona}")
    with PeakMemory() as memory:
        run = paced_requests(client, paths, rate=None, warmup=len(pages))
    facts = [_facts(client, user, page) for page in pages]
    app_db, raw_db = sum(f.app_db for f in facts), sum(f.raw_db for f in facts)
    scans = [line for f in facts for _plan, found in f.plans.values() for line in found]
    constant = min(run.queries) == max(run.queries)
    return Result(
        operation=f"Inbox page as {persona} (boxes with counts, filters, SLA status, page of 50), GET /service/",
        n=f"{size:,} tickets; {run.stats.n:,} requests over {len(pages)} URLs",
        figure=f"HTTP {fmt_stats(run.stats)}; database {fmt_ms(app_db / len(facts))} a page",
        baseline=f"{fmt_ms(raw_db / len(facts))} a page (raw SQL of the 50 rows)",
        ratio=app_db / raw_db if raw_db else None,
        queries=f"{min(run.queries)}–{max(run.queries)}", peak_rss=memory.peak,
        targets=[at_most("HTTP p95 ≤ 50 ms", run.stats.p95 * 1000, 50),
                 at_most("database ≤ 10× raw", app_db / raw_db if raw_db else 0, 10),
                 at_most("query count constant", 0 if constant else 1, 0),
                 at_most("no full scan of service_ticket", len(scans), 0)],
        details=_inbox_details(persona, facts, run))


def _inbox_details(persona: str, facts: list[PageFacts], run) -> list[str]:
    cpu = Stats.of(run.cpu_seconds)
    lines = [f"### Inbox as {persona}", "",
             f"Responses {dict(run.statuses)}; CPU time of a request (what it costs on an idle machine) p50 "
             f"{cpu.p50 * 1000:.1f} / p95 {cpu.p95 * 1000:.1f} ms. Database time is each request's SELECTs run again "
             "alone (best of 5, execute + fetch), the same measure as the raw SQL.", "",
             "| URL | Queries | App database time | Raw SQL of the page | Ratio | Full scans of service_ticket |",
             "|---|---|---|---|---|---|"]
    for f in facts:
        scans = sum(len(found) for _plan, found in f.plans.values())
        lines.append(f"| `{f.page.url}` | {f.queries} | {fmt_ms(f.app_db)} | {fmt_ms(f.raw_db)} | "
                     f"{f.app_db / f.raw_db if f.raw_db else 0:,.1f}× | {scans} |")
    lines += ["", "Query plans of the statements that read service_ticket (first URL that ran each):", ""]
    seen = set()
    for f in facts:
        for statement, (plan, _found) in f.plans.items():
            key = statement.split(" WHERE ")[-1][:120]
            if key in seen:
                continue
            seen.add(key)
            lines += [f"`{f.page.url}`: `{statement[:160]}…`", "", "```", *plan, "```", ""]
    return lines


def bench_inbox(ctx: Context) -> list[Result]:
    size = _tickets(ctx)
    return [_inbox(ctx, persona, size) for persona in dict.fromkeys(p.persona for p in PAGES)]


# -- SLA deadlines ---------------------------------------------------------------------------------------------

def _raw_deadlines(tickets: list[Ticket], now: dt.datetime) -> None:
    """The raw loop: round-the-clock deadlines from a per-kind table, no calendar, no policy matching."""
    hours = {"complaint": (24, 72), "repair": (2, 72), "inquiry": (24, 48), "service": (24, 72),
             "suggestion": (24, 120)}
    for ticket in tickets:
        first, resolution = hours.get(ticket.kind, (24, 72))
        first_due = ticket.received_at + dt.timedelta(hours=first)
        resolution_due = ticket.received_at + dt.timedelta(hours=resolution)
        ticket.sla_status = "breached" if now >= min(first_due, resolution_due) else "on_track"


def bench_sla(ctx: Context) -> list[Result]:
    _tickets(ctx)
    count = ctx.size(SLA_TICKETS, minimum=200)
    tickets = list(Ticket.objects.select_related("category").order_by("-id")[:count])
    now = timezone.now()
    ctx.log(f"SLA deadlines for {len(tickets):,} tickets")
    log = QueryLog()
    with PeakMemory() as memory, log.capture():
        engines, policies = sla_service.Engines(), sla_service.active_policies()
        seconds = timed(lambda: [sla_service.apply_sla(t, engines=engines, policies=policies, now=now)
                                 for t in tickets])[0]
    raw_seconds = best_of(lambda: _raw_deadlines(tickets, now), 3)
    rate = len(tickets) / seconds
    return [Result(
        operation="SLA deadlines: services.sla.apply_sla (policy match, working calendar, both clocks, status)",
        n=f"{len(tickets):,} tickets", figure=f"{rate:,.0f} tickets/s ({fmt_ms(seconds / len(tickets))} each)",
        baseline=f"{len(tickets) / raw_seconds:,.0f} tickets/s (raw loop)", ratio=seconds / raw_seconds,
        queries=f"{log.count} for the batch", peak_rss=memory.peak,
        targets=[at_least("≥ 10,000 tickets/s", rate, 10_000)],
        details=["- SLA: the newest tickets, loaded with their category before timing; one batch's engines and "
                 "policies (as the bulk jobs use them), nothing saved. The raw loop adds fixed round-the-clock "
                 "hours per kind — no working calendar, holidays, policy matching or pauses."])]


BENCHMARKS = [
    Benchmark("service.inbox", "Inbox page at a million tickets", bench_inbox, issue="#5"),
    Benchmark("service.sla", "SLA deadline computation for 100,000 tickets", bench_sla, issue="#5"),
]
