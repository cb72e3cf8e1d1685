"""Reads for statements: the period's figures and ledger of every customer at once, as SQL that month-end
generation inserts from, and statement lists and details in the user's scope."""

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from apps.channels.choices import PartnerStatus
from apps.channels.models import Partner

from .. import access_money, rules
from ..choices import ARDocumentKind, CreditNoteKind, StatementLineKind
from ..models import ARDocument, Order, Payment, Statement

INVOICE = ARDocumentKind.INVOICE
_KIND_OF_CREDIT = {CreditNoteKind.RETURN: StatementLineKind.RETURN, CreditNoteKind.REBATE: StatementLineKind.REBATE}
# A day's documents in the order of selectors.receivables.ledger_lines: invoices, credit notes, payments.
_INVOICE_RANK, _CREDIT_RANK, _PAYMENT_RANK = 0, 1, 2
_DESCRIPTION_SEPARATOR = " · "
# The kind of statement line each movement column of a statement sums.
MOVEMENT_KINDS = {"shipments": StatementLineKind.SHIPMENT, "returns": StatementLineKind.RETURN,
                  "payments": StatementLineKind.PAYMENT, "rebates": StatementLineKind.REBATE,
                  "other": StatementLineKind.OTHER}


def number_order() -> str:
    """Collation of document numbers in ledger order: code points, as Python sorts them (a PostgreSQL database's
    own collation may ignore punctuation)."""
    return ' COLLATE "C"' if connection.vendor == "postgresql" else ""


def _tables() -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(ARDocument._meta.db_table), quote(Payment._meta.db_table)


def _document_columns() -> tuple[str, list]:
    """SQL of an ARDocument `d`'s statement line kind and signed amount (+ owed, − credited)."""
    credit_kinds = " ".join("WHEN d.credit_kind = %s THEN %s" for _kind in _KIND_OF_CREDIT)
    sql = (f"CASE WHEN d.kind = %s THEN %s {credit_kinds} ELSE %s END AS kind, "
           "CASE WHEN d.kind = %s THEN d.amount ELSE -d.amount END AS signed")
    return sql, [INVOICE, StatementLineKind.SHIPMENT, *[value for pair in _KIND_OF_CREDIT.items() for value in pair],
                 StatementLineKind.OTHER, INVOICE]


def _period(start: datetime.date, end: datetime.date) -> list[str]:
    return [connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)]


def ledger_sql(start: datetime.date, end: datetime.date) -> tuple[str, list]:
    """SQL of every customer's documents dated `start`…`end`, a row each: customer_id, on_day, rnk, number, kind
    (of statement line), signed, document_id, description — the lines of receivables.ledger_lines for all customers
    at once, whose ledger order is (on_day, rnk, number)."""
    docs, payments = _tables()
    orders = connection.ops.quote_name(Order._meta.db_table)
    kind_and_signed, kind_params = _document_columns()
    sql = (f"SELECT d.customer_id, d.document_date AS on_day, CASE WHEN d.kind = %s THEN %s ELSE %s END AS rnk, "
           f"d.number, {kind_and_signed}, d.id AS document_id, SUBSTR(CASE WHEN o.number IS NULL OR o.number = '' "
           "THEN d.reason WHEN d.reason = '' THEN o.number ELSE o.number || %s || d.reason END, 1, 200) AS description "
           f"FROM {docs} d LEFT JOIN {orders} o ON o.id = d.order_id WHERE d.document_date BETWEEN %s AND %s "
           f"UNION ALL SELECT customer_id, received_on, %s, number, %s, -amount, NULL, reference FROM {payments} "
           "WHERE received_on BETWEEN %s AND %s")
    return sql, [INVOICE, _INVOICE_RANK, _CREDIT_RANK, *kind_params, _DESCRIPTION_SEPARATOR, *_period(start, end),
                 _PAYMENT_RANK, StatementLineKind.PAYMENT, *_period(start, end)]


def _figures_of(entries: str, start: datetime.date, end: datetime.date) -> tuple[str, list]:
    """SQL of every customer's figures from `entries` (rows of customer_id, on_day, kind, signed): the balance before
    `start`, the MOVEMENT_KINDS columns of `start`…`end` (each as shown, with its sign in the closing balance) and
    whether anything is dated in the period."""
    begin, until = connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)
    sums = ", ".join(f"SUM(CASE WHEN on_day >= %s AND on_day <= %s AND kind = %s THEN "
                     f"{'' if rules.CLOSING_SIGNS[column] > 0 else '-'}signed ELSE 0 END) AS {column}"
                     for column in MOVEMENT_KINDS)
    sql = (f"SELECT customer_id, NULL AS partner_id, SUM(CASE WHEN on_day < %s THEN signed ELSE 0 END) AS opening, "
           f"{sums}, MAX(CASE WHEN on_day >= %s AND on_day <= %s THEN 1 ELSE 0 END) AS active "
           f"FROM ({entries}) entry GROUP BY customer_id")
    return sql, [begin, *[value for kind in MOVEMENT_KINDS.values() for value in (begin, until, kind)], begin, until]


def statement_figures_sql(start: datetime.date, end: datetime.date) -> tuple[str, list]:
    """SQL of every customer due a statement for the period `start`…`end` that has none yet — every partner in
    force, every customer with documents in the period or an open balance at its start: customer_id, partner_id,
    opening, and the MOVEMENT_KINDS columns. Each ledger table is read once, grouped by customer."""
    docs, payments = _tables()
    kind_and_signed, kind_params = _document_columns()
    documents, document_params = _figures_of(
        f"SELECT d.customer_id, d.document_date AS on_day, {kind_and_signed} FROM {docs} d", start, end)
    paid, paid_params = _figures_of(
        f"SELECT customer_id, received_on AS on_day, %s AS kind, -amount AS signed FROM {payments}", start, end)
    partners, partner_params = (Partner.objects.filter(status=PartnerStatus.ACTIVE).order_by()
                                .values("customer_id", "id").query.sql_with_params())
    statements = connection.ops.quote_name(Statement._meta.db_table)
    zeros = ", ".join(f"0 AS {column}" for column in MOVEMENT_KINDS)
    sums = ", ".join(f"SUM({column}) AS {column}" for column in MOVEMENT_KINDS)
    sql = (f"SELECT customer_id, MAX(partner_id) AS partner_id, SUM(opening) AS opening, {sums} FROM ("
           f"SELECT customer_id, id AS partner_id, 0 AS opening, {zeros}, 0 AS active FROM ({partners}) partner "
           f"UNION ALL {documents} UNION ALL {paid}) figure GROUP BY customer_id "
           "HAVING (MAX(partner_id) IS NOT NULL OR MAX(active) = 1 OR ROUND(SUM(opening), 2) <> 0) "
           f"AND NOT EXISTS (SELECT 1 FROM {statements} s WHERE s.customer_id = figure.customer_id "
           "AND s.period_end = %s)")
    params = [*partner_params, *document_params, *kind_params, *paid_params, StatementLineKind.PAYMENT,
              connection.ops.adapt_datefield_value(end)]
    return sql, params


# -- lists and details --------------------------------------------------------------------------------------------


def list_statements_for(user, *, status: str = "", period_end: datetime.date | None = None, customer=None,
                        search: str = "") -> QuerySet[Statement]:
    qs = access_money.statements_visible_to(user).select_related("customer", "partner")
    if status:
        qs = qs.filter(status=status)
    if period_end is not None:
        qs = qs.filter(period_end=period_end)
    if customer is not None:
        qs = qs.filter(customer=customer)
    if search:
        qs = qs.filter(customer__name__icontains=search) | qs.filter(number__icontains=search)
    return qs


def get_or_404(queryset: QuerySet, pk):
    """One row of an already scoped queryset, or 404 — the same answer for "forbidden" and "missing"."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_statement_for(user, pk) -> Statement:
    return get_or_404(access_money.statements_visible_to(user).select_related(
        "customer", "partner", "confirmed_by", "disputed_by", "resolved_by").prefetch_related("lines"), pk)


def cutoffs_for(user) -> list[datetime.date]:
    """The cut-off dates the user has statements for, newest first (for the period filter)."""
    return list(access_money.statements_visible_to(user).order_by("-period_end").values_list(
        "period_end", flat=True).distinct()[:24])
