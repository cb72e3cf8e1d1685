"""Benchmark data for the service desk (make bench): a million tickets over three years.

Each generated ticket gets its SLA policy, deadlines, status and breach flags from the app's own
services.sla.apply_sla (on an unsaved Ticket, in worker processes that never touch the database), then the rows are
bulk-inserted without history or events (core.bench.data.insert_rows). Recent tickets are mostly open, old ones
closed, with a tail of stuck ones, so the inbox meets the volumes a three-year-old desk has.
"""

import datetime as dt
import multiprocessing
import os
import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from apps.org import selectors as org_selectors
from core.bench.data import analyze, generator_user, insert_rows, max_id

from .choices import ComplaintType, TicketStatus
from .models import Ticket, TicketCategory
from .seed import SUBJECTS
from .services import sla as sla_service

CHUNK = 25_000
DAYS = 3 * 365
KINDS = ["inquiry"] * 8 + ["complaint"] * 3 + ["repair"] * 5 + ["service"] * 3 + ["suggestion"]
TEAMS = {"inquiry": "cs-inquiry", "complaint": "cs-complaint", "repair": "cs-aftersales", "service": "cs-inquiry",
         "suggestion": "cs-business"}
CATEGORY_ROOTS = {"inquiry": "商务", "complaint": "服务", "repair": "设备/产品", "service": "商务",
                  "suggestion": "其他"}
OPEN = [TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.IN_PROGRESS,
        TicketStatus.WAITING_CUSTOMER, TicketStatus.WAITING_DEPARTMENT]
DONE = [TicketStatus.CLOSED] * 8 + [TicketStatus.RESOLVED, TicketStatus.RETURN_VISIT]
CHANNELS = ["hotline"] * 6 + ["chat", "web_form", "wechat", "email"]
PRIORITIES = ["normal"] * 7 + ["high", "low", "urgent"]
_STATE: dict = {}  # what the worker processes inherit by fork: units, agents, categories, policies, engines


def _open_share(age_days: float) -> float:
    """How likely a ticket this old is still open."""
    for limit, share in ((1, 0.8), (3, 0.5), (14, 0.2), (90, 0.03)):
        if age_days < limit:
            return share
    return 0.003


def _prepare(now: dt.datetime) -> dict:
    superuser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    units = {u.code: u for u in org_selectors.list_org_units_for(superuser)}
    agents = {code: [u.pk for u in org_selectors.active_users_in_unit(units[code].pk)] for code in set(TEAMS.values())}
    everything = list(TicketCategory.objects.all())
    categories = {}
    for kind, name in CATEGORY_ROOTS.items():
        root = next(c for c in everything if c.parent_id is None and c.name == name)
        categories[kind] = [c for c in everything if c.parent_id == root.pk] or [root]
    engines = sla_service.Engines()
    policies = sla_service.active_policies()
    for policy in policies:
        engines.get(policy.calendar_id)
    engines.warn_percent()
    customers = list(Ticket._meta.get_field("customer").related_model.objects
                     .exclude(created_by=generator_user()).values_list("pk", "grade")[:2000])
    return {"units": units, "agents": agents, "categories": categories, "engines": engines, "policies": policies,
            "customers": customers, "now": now, "creator": generator_user().pk,
            "aftersales": units["aftersales"].pk if "aftersales" in units else None}


def ticket_row(i: int, pk: int) -> dict:
    """The generated ticket with index i, its SLA fields set by the app's apply_sla."""
    s = _STATE
    rng = random.Random(i)
    now = s["now"]
    age = rng.uniform(0, DAYS)
    day = (now - dt.timedelta(days=age)).astimezone(timezone.get_default_timezone()).replace(hour=0, minute=0,
                                                                                          second=0, microsecond=0)
    received = min(day + dt.timedelta(hours=rng.triangular(7.5, 21, 10)), now - dt.timedelta(minutes=1))
    age = (now - received).total_seconds() / 86400
    kind = KINDS[i % len(KINDS)]
    team = s["units"][TEAMS[kind]]
    agents = s["agents"][TEAMS[kind]]
    is_open = rng.random() < _open_share(age)
    status = rng.choice(OPEN) if is_open else rng.choice(DONE)
    assignee = None if status == TicketStatus.NEW or not agents else agents[i % len(agents)]
    customer_id, grade = s["customers"][i % len(s["customers"])] if s["customers"] and i % 5 else (None, "")
    phone = f"+86135{i % 100_000_000:08d}"
    ticket = Ticket(
        pk=pk, number=f"B{received:%Y%m%d}{i:07d}", kind=kind, status=status, channel=rng.choice(CHANNELS),
        priority=rng.choice(PRIORITIES), subject=rng.choice(SUBJECTS[kind]), customer_id=customer_id,
        customer_grade=grade or "", caller_name="" if customer_id else "王先生", phone=phone, phone_digits=phone[3:],
        category=rng.choice(s["categories"][kind]), team_id=team.pk, assignee_id=assignee,
        department_id=s["aftersales"] if kind == "repair" else None, received_at=received, sla_started_at=received,
        complaint_type=rng.choice(list(ComplaintType)).value if kind == "complaint" else "",
        is_major=kind == "complaint" and i % 97 == 0)
    if status != TicketStatus.NEW:
        ticket.first_responded_at = min(received + dt.timedelta(hours=rng.uniform(0.1, 30)), now)
    if not is_open:
        ticket.resolved_at = min(ticket.first_responded_at + dt.timedelta(hours=rng.uniform(1, 80)), now)
        if status == TicketStatus.CLOSED:
            ticket.closed_at = min(ticket.resolved_at + dt.timedelta(days=rng.uniform(1, 6)), now)
    sla_service.apply_sla(ticket, engines=s["engines"], policies=s["policies"], now=now)
    row = {f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields if f.attname in _COLUMNS}
    row.update(created_at=received, updated_at=ticket.closed_at or ticket.resolved_at or received,
               created_by_id=s["creator"], updated_by_id=s["creator"])
    return row


_COLUMNS = {"id", "number", "kind", "complaint_type", "channel", "status", "priority", "subject", "customer_id",
            "customer_grade", "caller_name", "phone", "phone_digits", "category_id", "team_id", "assignee_id",
            "department_id", "received_at", "sla_started_at", "sla_policy_id", "sla_status", "first_response_due",
            "first_response_warn_at", "first_responded_at", "resolution_due", "resolution_warn_at", "resolved_at",
            "closed_at", "breached_first_response", "breached_resolution", "is_major"}


def _rows(span: tuple[int, int, int]) -> list[dict]:
    first, last, first_pk = span
    return [ticket_row(i, first_pk + i - first) for i in range(first, last)]


def generated():
    return Ticket.objects.filter(created_by=generator_user())


def ensure_tickets(wanted: int, log) -> int:
    """Exactly `wanted` generated tickets (topped up or trimmed); returns how many were made."""
    have = generated().count()
    if have > wanted:
        cut = generated().order_by("pk").values_list("pk", flat=True)[wanted]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Ticket._meta.db_table} WHERE created_by_id = %s AND id >= %s",
                           [generator_user().pk, cut])
        log(f"trimmed the generated tickets to {wanted:,}")
        return 0
    if have == wanted:
        log(f"reusing {have:,} generated tickets")
        return 0
    log(f"generating {wanted - have:,} tickets (have {have:,}); SLA fields by apply_sla")
    _STATE.clear()
    _STATE.update(_prepare(timezone.now()))
    start_pk = max_id(Ticket) + 1
    spans = [(i, min(i + 1000, wanted), start_pk + i - have) for i in range(have, wanted, 1000)]
    with multiprocessing.get_context("fork").Pool(max(os.cpu_count() or 1, 1)) as pool:
        for first in range(0, len(spans), CHUNK // 1000):
            batch = [row for rows in pool.map(_rows, spans[first:first + CHUNK // 1000]) for row in rows]
            insert_rows(Ticket, batch, now=_STATE["now"])
            log(f"  {spans[min(first + CHUNK // 1000, len(spans)) - 1][1] - have:,} / {wanted - have:,}")
    analyze()
    return wanted - have
