"""Reads for statements: the ledger of every customer at once (set-based, for month-end generation), statement
lists and details in the user's scope."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404

from apps.channels.choices import PartnerStatus
from apps.channels.models import Partner

from .. import access_money
from ..choices import ARDocumentKind, CreditNoteKind, StatementLineKind
from ..models import ARDocument, Payment, Statement

ZERO = Decimal("0")
INVOICE = ARDocumentKind.INVOICE
_KIND_OF_CREDIT = {CreditNoteKind.RETURN: StatementLineKind.RETURN, CreditNoteKind.REBATE: StatementLineKind.REBATE}
# Same order as selectors.receivables.ledger_lines: by date, then invoices, credit notes, payments, then number.
_RANK = {StatementLineKind.SHIPMENT: 0, StatementLineKind.RETURN: 1, StatementLineKind.REBATE: 1,
         StatementLineKind.OTHER: 1, StatementLineKind.PAYMENT: 2}


def balances_at(on: datetime.date) -> dict[int, Decimal]:
    """What every customer owes at the end of `on` (as receivables.balance_at, for all customers in 2 queries)."""
    balances: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (ARDocument.objects.filter(document_date__lte=on).values("customer_id", "kind")
            .annotate(total=Sum("amount")).order_by())
    for row in rows:
        sign = 1 if row["kind"] == INVOICE else -1
        balances[row["customer_id"]] += sign * row["total"]
    for row in Payment.objects.filter(received_on__lte=on).values("customer_id").annotate(
            total=Sum("amount")).order_by():
        balances[row["customer_id"]] -= row["total"]
    return balances


def ledger_by_customer(start: datetime.date, end: datetime.date) -> dict[int, list[tuple]]:
    """Every customer's documents dated `start`…`end` as (date, kind, number, description, signed amount,
    document id), in ledger order — the lines of receivables.ledger_lines, for all customers in 2 queries."""
    ledger: dict[int, list[tuple]] = defaultdict(list)
    docs = ARDocument.objects.filter(document_date__range=(start, end)).values_list(
        "customer_id", "document_date", "kind", "credit_kind", "number", "reason", "order__number", "amount", "pk")
    for customer_id, on, kind, credit_kind, number, reason, order_number, amount, pk in docs.iterator(2000):
        if kind == INVOICE:
            line_kind, signed = StatementLineKind.SHIPMENT, amount
        else:
            line_kind, signed = _KIND_OF_CREDIT.get(credit_kind, StatementLineKind.OTHER), -amount
        ledger[customer_id].append((on, line_kind, number, _describe(order_number, reason), signed, pk))
    payments = Payment.objects.filter(received_on__range=(start, end)).values_list(
        "customer_id", "received_on", "number", "reference", "amount")
    for customer_id, on, number, reference, amount in payments.iterator(2000):
        ledger[customer_id].append((on, StatementLineKind.PAYMENT, number, reference, -amount, None))
    for lines in ledger.values():
        lines.sort(key=lambda line: (line[0], _RANK[line[1]], line[2]))
    return ledger


def _describe(order_number: str | None, reason: str) -> str:
    return " · ".join(part for part in (order_number or "", reason or "") if part)[:200]


def partner_ids_by_customer() -> dict[int, int]:
    """customer id → partner id of every partner whose authorisation is in force."""
    return dict(Partner.objects.filter(status=PartnerStatus.ACTIVE).values_list("customer_id", "pk"))


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
