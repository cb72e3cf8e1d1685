"""Writers of monthly statements (对账单): set-based generation for every partner and every customer with ledger
activity at a cut-off, and the counterparty's confirm / dispute with the sales admin's resolution."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core import rules as rule_data
from core.calendars import get_calendar
from core.notify import notify

from .. import rules, workflow_money
from ..choices import StatementLineKind, StatementStatus
from ..models import Statement, StatementLine
from ..selectors import statements as ledger

ZERO = Decimal("0")
BATCH = 2000
LINE_ROWS = 1000  # rows per INSERT of statement lines (10 columns: within SQLite's 32,766 parameters)
_TOTAL_FIELD = {StatementLineKind.SHIPMENT: "shipments", StatementLineKind.RETURN: "returns",
                StatementLineKind.PAYMENT: "payments", StatementLineKind.REBATE: "rebates",
                StatementLineKind.OTHER: "other"}


def statement_number(customer_id: int, cutoff: datetime.date) -> str:
    return f"ST{cutoff:%Y%m}-{customer_id:06d}"


def _statement_of(customer_id: int, lines: list[tuple], opening: Decimal, **fields) -> tuple[Statement, list]:
    """The statement header and its lines (running balance) for one customer; the lines are plain tuples
    (position, date, kind, reference, description, debit, credit, balance, document id) for `_insert_lines`."""
    sums = dict.fromkeys(_TOTAL_FIELD.values(), ZERO)
    rows, balance = [], opening
    for position, (on, kind, number, description, signed, document_id) in enumerate(lines, start=1):
        balance += signed
        field = _TOTAL_FIELD[kind]
        # Shipments add; returns, payments and rebates are shown as positive amounts that subtract.
        sums[field] += signed if kind in (StatementLineKind.SHIPMENT, StatementLineKind.OTHER) else -signed
        rows.append((position, on, kind, number[:60], description, signed if signed > 0 else ZERO,
                     -signed if signed < 0 else ZERO, balance, document_id))
    totals = rules.StatementTotals(opening=opening, **sums)
    statement = Statement(customer_id=customer_id, opening_balance=opening, closing_balance=totals.closing,
                          **sums, **fields)
    return statement, rows


_LINE_COLUMNS = ("statement_id", "position", "on", "kind", "reference", "description", "debit", "credit", "balance",
                 "document_id")


def _insert_lines(statements: list[Statement], line_sets: list[list[tuple]]) -> None:
    """Write every statement's lines: COPY on PostgreSQL, multi-row INSERTs of 1,000 rows elsewhere. A month-end run
    writes some 100,000 lines; building a model instance per line for bulk_create took ten times the reads."""
    ops = connection.ops
    date, money = ops.adapt_datefield_value, ops.adapt_decimalfield_value
    table, quote = StatementLine._meta.db_table, ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in _LINE_COLUMNS)}) VALUES "
    one = f"({', '.join(['%s'] * len(_LINE_COLUMNS))})"
    values = [(statement.pk, position, date(on), kind, reference, description, money(debit, 16, 2),
               money(credit, 16, 2), money(balance, 16, 2), document_id)
              for statement, rows in zip(statements, line_sets, strict=True)
              for position, on, kind, reference, description, debit, credit, balance, document_id in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: binding 10,000 parameters per INSERT costs more than writing
            names = ", ".join(quote(c) for c in _LINE_COLUMNS)
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        for start in range(0, len(values), LINE_ROWS):
            chunk = values[start:start + LINE_ROWS]
            cursor.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])


@transaction.atomic
def generate_statements(*, actor, cutoff: datetime.date, notify_partners: bool = True) -> int:
    """Make the statements of the period ending at `cutoff` for every partner in force and every customer with
    ledger activity or an open balance; customers that already have this period's statement are skipped, so the
    run is idempotent. A few aggregate queries and bulk inserts, whatever the number of customers."""
    day = rule_data.value("orders.statement_cutoff_day", cutoff)
    start, end = rules.statement_period(cutoff, day)
    calendar = get_calendar()
    issued_on = rules.issue_date(end, calendar.is_working_day)
    confirm_by = rules.confirm_due(end, rule_data.value("orders.statement_confirm_working_days", end),
                                   calendar.is_working_day)
    partners = ledger.partner_ids_by_customer()
    openings = ledger.balances_at(start - datetime.timedelta(days=1))
    lines_of = ledger.ledger_by_customer(start, end)
    done = set(Statement.objects.filter(period_end=end).values_list("customer_id", flat=True))
    customers = (set(partners) | set(lines_of) | {c for c, balance in openings.items() if balance}) - done
    now = timezone.now()
    headers, line_sets = [], []
    for customer_id in sorted(customers):
        statement, rows = _statement_of(
            customer_id, lines_of.get(customer_id, []), openings.get(customer_id, ZERO),
            number=statement_number(customer_id, end), partner_id=partners.get(customer_id), period_start=start,
            period_end=end, issued_on=issued_on, confirm_by=confirm_by, status=StatementStatus.ISSUED,
            created_by=actor, updated_by=actor, created_at=now, updated_at=now)
        headers.append(statement)
        line_sets.append(rows)
    created = Statement.objects.bulk_create(headers, batch_size=BATCH)
    if created and created[0].pk is None:  # a database that returns no ids from a bulk insert
        numbers = {s.number: s.pk for s in Statement.objects.filter(period_end=end).only("pk", "number")}
        for statement in created:
            statement.pk = numbers[statement.number]
    _insert_lines(created, line_sets)
    if notify_partners and created:
        _tell_partners([s.partner_id for s in created if s.partner_id], end)
    return len(created)


def _tell_partners(partner_ids: list[int], cutoff: datetime.date) -> None:
    """One notice to every portal user of the partners that got a statement."""
    users = get_user_model().objects.filter(
        is_active=True, employee__org_unit__partner_profile__in=partner_ids).distinct()
    notify(list(users), title=_("Your statement to %(cutoff)s is ready: please confirm it") % {"cutoff": cutoff},
           url=reverse("orders:statements"))


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


@transaction.atomic
def confirm_statement(*, actor, statement: Statement) -> Statement:
    """The counterparty agrees with the statement."""
    statement = _locked(statement)
    workflow_money.move("statement", statement, StatementStatus.CONFIRMED)
    statement.confirmed_at, statement.confirmed_by, statement.updated_by = timezone.now(), actor, actor
    statement.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_by", "updated_at"])
    return statement


@transaction.atomic
def dispute_statement(*, actor, statement: Statement, reason: str) -> Statement:
    """The counterparty disagrees, saying why; the sales admins get it in their queue."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what is wrong with the statement.")})
    statement = _locked(statement)
    workflow_money.move("statement", statement, StatementStatus.DISPUTED)
    statement.disputed_at, statement.disputed_by, statement.updated_by = timezone.now(), actor, actor
    statement.dispute_reason = reason.strip()
    statement.save(update_fields=["status", "disputed_at", "disputed_by", "dispute_reason", "updated_by",
                                  "updated_at"])
    admins = [u for u in org_selectors.users_with_role("sales_admin") if u.has_perm("orders.resolve_statement")]
    notify(admins, title=_("Statement %(number)s disputed") % {"number": statement.number},
           body=statement.dispute_reason, url=reverse("orders:statement-detail", args=[statement.pk]), level="warning")
    return statement


@transaction.atomic
def resolve_statement(*, actor, statement: Statement, resolution: str) -> Statement:
    """The sales admin records how the dispute was settled (corrections are posted on the ledger and show on
    the next statement)."""
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the dispute was resolved.")})
    statement = _locked(statement)
    workflow_money.move("statement", statement, StatementStatus.RESOLVED)
    statement.resolved_at, statement.resolved_by, statement.updated_by = timezone.now(), actor, actor
    statement.resolution = resolution.strip()
    statement.save(update_fields=["status", "resolved_at", "resolved_by", "resolution", "updated_by",
                                  "updated_at"])
    notify([statement.disputed_by], title=_("Your dispute of statement %(number)s was resolved")
           % {"number": statement.number}, body=statement.resolution,
           url=reverse("orders:statement-detail", args=[statement.pk]))
    return statement


def due_cutoff(today: datetime.date) -> datetime.date | None:
    """The cut-off whose statements are due today or earlier: the latest cut-off before today whose issue day
    (the first working day after it) has come."""
    day = rule_data.value("orders.statement_cutoff_day", today)
    cutoff = rules.latest_cutoff(today - datetime.timedelta(days=1), day)
    if rules.issue_date(cutoff, get_calendar().is_working_day) > today:
        return None
    return cutoff
