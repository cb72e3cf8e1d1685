"""Writers of monthly statements (对账单): set-based generation for every partner and every customer with ledger
activity at a cut-off, and the counterparty's confirm / dispute with the sales admin's resolution."""

import datetime

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
from ..choices import StatementStatus
from ..models import Statement, StatementLine
from ..selectors import statements as ledger

_LINE_COLUMNS = ("statement_id", "position", "on", "kind", "reference", "description", "debit", "credit", "balance",
                 "document_id")


def _number_sql(cutoff: datetime.date) -> tuple[str, list]:
    """SQL of the statement number of customer `f.customer_id`: ST<yyyymm>-<customer id, at least 6 digits>."""
    return ("%s || CASE WHEN f.customer_id < 1000000 THEN SUBSTR(CAST(1000000 + f.customer_id AS TEXT), 2) "
            "ELSE CAST(f.customer_id AS TEXT) END", [f"ST{cutoff:%Y%m}-"])


def _insert_headers(start: datetime.date, end: datetime.date, values: dict) -> int:
    """Write the statement of every customer due one for the period that has none yet, with its opening balance,
    movement columns and closing balance (rules.CLOSING_SIGNS) and `values` in the other columns; how many."""
    quote = connection.ops.quote_name
    figures, figure_params = ledger.statement_figures_sql(start, end)
    number, number_params = _number_sql(end)
    movements = list(ledger.MOVEMENT_KINDS)
    closing = " ".join(f"{'+' if rules.CLOSING_SIGNS[column] > 0 else '-'} f.{column}" for column in movements)
    fields = {name: Statement._meta.get_field(name) for name in values}
    columns = ["number", "customer_id", "partner_id", "opening_balance", *movements, "closing_balance",
               *(field.column for field in fields.values())]
    sql = (f"INSERT INTO {quote(Statement._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"SELECT {number}, f.customer_id, f.partner_id, ROUND(f.opening, 2), "
           f"{', '.join(f'ROUND(f.{column}, 2)' for column in movements)}, ROUND(f.opening {closing}, 2), "
           f"{', '.join(['%s'] * len(fields))} FROM ({figures}) f ORDER BY f.customer_id")
    params = [*number_params, *(field.get_db_prep_save(values[name], connection) for name, field in fields.items()),
              *figure_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _made_at(end: datetime.date, made_at) -> tuple[str, list]:
    """SQL condition (on `s`) selecting the statements of the period made at `made_at`: this run's."""
    made = Statement._meta.get_field("created_at").get_db_prep_value(made_at, connection)
    return "s.period_end = %s AND s.created_at = %s", [connection.ops.adapt_datefield_value(end), made]


def _insert_history(end: datetime.date, made_at, actor, reason: str) -> None:
    """One "+" history row per statement made at `made_at`, copied from the statement (INSERT … SELECT)."""
    quote = connection.ops.quote_name
    history = Statement.history.model
    tracked = [field.column for field in history._meta.concrete_fields
               if field.attname in {f.attname for f in Statement._meta.concrete_fields}]
    columns = [*tracked, "history_date", "history_type", "history_change_reason", "history_user_id"]
    condition, params = _made_at(end, made_at)
    sql = (f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"SELECT {', '.join(f's.{quote(c)}' for c in tracked)}, s.created_at, '+', %s, %s "
           f"FROM {quote(Statement._meta.db_table)} s WHERE {condition}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [reason[:100], actor.pk if actor else None, *params])


def _insert_lines(start: datetime.date, end: datetime.date, made_at) -> None:
    """Write the lines of the statements made at `made_at`, numbered in ledger order with the running balance from
    the opening: one INSERT … SELECT over the period's ledger (a month-end run writes some 100,000 lines)."""
    quote = connection.ops.quote_name
    source, params = ledger.ledger_sql(start, end)
    condition, condition_params = _made_at(end, made_at)
    # One window for both (a frame ROW_NUMBER ignores): PostgreSQL would otherwise make two passes.
    window = f"PARTITION BY s.id ORDER BY l.on_day, l.rnk, l.number{ledger.number_order()} ROWS UNBOUNDED PRECEDING"
    sql = (f"INSERT INTO {quote(StatementLine._meta.db_table)} ({', '.join(quote(c) for c in _LINE_COLUMNS)}) "
           f"SELECT s.id, ROW_NUMBER() OVER ({window}), l.on_day, l.kind, l.number, l.description, "
           "CASE WHEN l.signed > 0 THEN l.signed ELSE 0 END, CASE WHEN l.signed < 0 THEN -l.signed ELSE 0 END, "
           f"ROUND(s.opening_balance + SUM(l.signed) OVER ({window}), 2), l.document_id "
           f"FROM ({source}) l JOIN {quote(Statement._meta.db_table)} s ON s.customer_id = l.customer_id "
           f"WHERE {condition}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *condition_params])


@transaction.atomic
def generate_statements(*, actor, cutoff: datetime.date, notify_partners: bool = True) -> int:
    """Make the statements of the period ending at `cutoff` for every partner in force and every customer with
    ledger activity or an open balance; customers that already have this period's statement are skipped, so the
    run is idempotent. Set-based, whatever the number of customers: the headers, their history rows and their lines
    are each one INSERT … SELECT that the database computes from the ledger."""
    day = rule_data.value("orders.statement_cutoff_day", cutoff)
    start, end = rules.statement_period(cutoff, day)
    calendar = get_calendar()
    confirm_days = rule_data.value("orders.statement_confirm_working_days", end)
    now = timezone.now()
    made = _insert_headers(start, end, {
        "period_start": start, "period_end": end, "issued_on": rules.issue_date(end, calendar.is_working_day),
        "confirm_by": rules.confirm_due(end, confirm_days, calendar.is_working_day),
        "status": StatementStatus.ISSUED, "dispute_reason": "", "resolution": "",
        "created_by": actor.pk if actor else None, "updated_by": actor.pk if actor else None, "created_at": now,
        "updated_at": now})
    if not made:
        return 0
    _insert_history(end, now, actor, _("Month-end statement to %(cutoff)s") % {"cutoff": end})
    _insert_lines(start, end, now)
    if notify_partners:
        _tell_partners(Statement.objects.filter(period_end=end, created_at=now, partner__isnull=False)
                       .values("partner_id"), end)
    return made


def _tell_partners(partner_ids, cutoff: datetime.date) -> None:
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
