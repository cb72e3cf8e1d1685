"""Reads of the receivables ledger: a customer's credit position, balance, ledger lines, and aging by bucket."""

import datetime
from decimal import Decimal

from django.db.models import F, Func, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from apps.channels.choices import PartnerStatus
from apps.channels.models import Partner
from apps.customers.models import Customer
from core.rules import value as rule_value
from core.scopes import get_in_scope_or_404

from .. import access
from ..choices import ARDocumentKind, PaymentMode
from ..models import ARDocument, Order, Payment
from ..rules_orders import CreditPosition, age_items, aging_buckets
from ..workflow import OPEN_STATUSES

ZERO = Decimal("0")
INVOICE, CREDIT_NOTE = ARDocumentKind.INVOICE, ARDocumentKind.CREDIT_NOTE


def _sum(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Sum(field))["total"] or ZERO


def partner_of(customer) -> Partner | None:
    """The customer's channel-partner record while its authorisation is in force (else None)."""
    return Partner.objects.filter(customer=customer, status=PartnerStatus.ACTIVE).first()


def _total(queryset, field: str) -> Subquery:
    """SUM(`field`) over `queryset` as a scalar subquery (NULL when no row counts). A plain SUM function rather than
    the Sum aggregate: the subquery needs no GROUP BY to be one row."""
    return Subquery(queryset.order_by().values(total=Func(F(field), function="SUM")))


def credit_position(customer, on: datetime.date | None = None, *,
                    exclude_order: Order | None = None) -> CreditPosition:
    """(limit, open_receivables, open_orders, overdue, available) of a customer on a date, in one statement;
    unpack or use fields. The limit is the credit line of the customer's partner record while it is in force;
    open receivables are unpaid invoices minus unapplied credit notes and unallocated payments not reserved for an
    order; open orders are what credit orders not yet invoiced will add (their totals minus what has been invoiced
    of them; `exclude_order` is the order being judged); overdue is the open amount of invoices due before `on`."""
    on = on or timezone.localdate()
    documents = ARDocument.objects.filter(customer=customer, open_amount__gt=0)
    orders = Order.objects.filter(customer=customer, status__in=OPEN_STATUSES, payment_mode=PaymentMode.CREDIT)
    if exclude_order is not None:
        orders = orders.exclude(pk=exclude_order.pk)
    figures = Customer.objects.filter(pk=customer.pk).values(
        limit=Subquery(Partner.objects.filter(customer=customer, status=PartnerStatus.ACTIVE).order_by().values(
            "credit_limit")),
        invoices=_total(documents.filter(kind=INVOICE), "open_amount"),
        credits=_total(documents.filter(kind=CREDIT_NOTE), "open_amount"),
        overdue=_total(documents.filter(kind=INVOICE, due_date__lt=on), "open_amount"),
        unallocated=_total(Payment.objects.filter(customer=customer, order__isnull=True, unallocated_amount__gt=0),
                           "unallocated_amount"),
        ordered=_total(orders, "total_amount"),
        invoiced=_total(ARDocument.objects.filter(kind=INVOICE, order__in=orders.values("pk")), "amount"),
    ).get()
    amount = {name: figure or ZERO for name, figure in figures.items()}
    return CreditPosition(limit=amount["limit"],
                          open_receivables=amount["invoices"] - amount["credits"] - amount["unallocated"],
                          open_orders=max(amount["ordered"] - amount["invoiced"], ZERO), overdue=amount["overdue"])


def balance_at(customer, on: datetime.date) -> Decimal:
    """What the customer owes at the end of `on`: invoices − credit notes − payments dated up to then."""
    docs = ARDocument.objects.filter(customer=customer, document_date__lte=on)
    return (_sum(docs.filter(kind=INVOICE), "amount") - _sum(docs.filter(kind=CREDIT_NOTE), "amount")
            - _sum(Payment.objects.filter(customer=customer, received_on__lte=on), "amount"))


def ledger_lines(customer, start: datetime.date, end: datetime.date) -> list[dict]:
    """Dated documents between `start` and `end` (inclusive) with signed amounts (+ owed, − paid or credited),
    oldest first: what a statement lists."""
    lines = []
    docs = ARDocument.objects.filter(customer=customer, document_date__range=(start, end)).select_related("order")
    for doc in docs:
        lines.append({"date": doc.document_date, "kind": doc.kind, "credit_kind": doc.credit_kind,
                      "number": doc.number, "reference": doc.reference, "reason": doc.reason,
                      "order_number": doc.order.number if doc.order_id else "", "order_id": doc.order_id,
                      "source_id": doc.source_id, "document_id": doc.pk, "payment_id": None,
                      "amount": doc.signed_amount})
    for payment in Payment.objects.filter(customer=customer, received_on__range=(start, end)).select_related("order"):
        lines.append({"date": payment.received_on, "kind": "payment", "credit_kind": "", "number": payment.number,
                      "reference": payment.reference, "reason": payment.get_method_display(),
                      "order_number": payment.order.number if payment.order_id else "", "order_id": payment.order_id,
                      "source_id": None, "document_id": None, "payment_id": payment.pk, "amount": -payment.amount})
    order = {INVOICE: 0, CREDIT_NOTE: 1, "payment": 2}
    return sorted(lines, key=lambda line: (line["date"], order[line["kind"]], line["number"]))


# -- lists and aging ----------------------------------------------------------------------------------------------


def list_ar_documents_for(user, *, customer=None, kind: str = "", open_only: bool = False) -> QuerySet[ARDocument]:
    qs = access.ar_documents_visible_to(user).select_related("customer", "order")
    if customer is not None:
        qs = qs.filter(customer=customer)
    if kind:
        qs = qs.filter(kind=kind)
    if open_only:
        qs = qs.filter(open_amount__gt=0)
    return qs


def list_payments_for(user, *, customer=None, search: str = "", start=None, end=None) -> QuerySet[Payment]:
    qs = access.payments_visible_to(user).select_related("customer", "order", "recorded_by")
    if customer is not None:
        qs = qs.filter(customer=customer)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(reference__icontains=search)
                       | Q(customer__name__icontains=search))
    if start:
        qs = qs.filter(received_on__gte=start)
    if end:
        qs = qs.filter(received_on__lte=end)
    return qs


def get_payment_for(user, pk) -> Payment:
    return get_in_scope_or_404(access.payments_visible_to(user).select_related("customer", "order"), user, pk=pk)


def aging_for(user, on: datetime.date | None = None) -> dict:
    """Open invoices in the user's scope aged by document date into the bucket parameter's buckets: totals per
    bucket, per customer (largest first), and the overdue part (past the due date)."""
    on = on or timezone.localdate()
    buckets = aging_buckets(rule_value("orders.aging_buckets", on))
    rows = list(access.ar_documents_visible_to(user).filter(kind=INVOICE, open_amount__gt=0)
                .values("customer_id", "customer__name", "document_date", "due_date", "open_amount"))
    totals = age_items([(r["document_date"], r["open_amount"]) for r in rows], on, buckets)
    customers: dict[int, dict] = {}
    for r in rows:
        entry = customers.setdefault(r["customer_id"], {"customer_id": r["customer_id"], "name": r["customer__name"],
                                                        "items": [], "overdue": ZERO})
        entry["items"].append((r["document_date"], r["open_amount"]))
        if r["due_date"] and r["due_date"] < on:
            entry["overdue"] += r["open_amount"]
    per_customer = []
    for entry in customers.values():
        by_bucket = age_items(entry.pop("items"), on, buckets)
        per_customer.append({**entry, "buckets": [by_bucket[b.key] for b in buckets],
                             "total": sum(by_bucket.values(), ZERO)})
    per_customer.sort(key=lambda e: (-e["total"], e["name"]))
    return {"on": on, "buckets": buckets, "totals": [totals[b.key] for b in buckets],
            "total": sum(totals.values(), ZERO), "overdue": sum((c["overdue"] for c in per_customer), ZERO),
            "customers": per_customer}
