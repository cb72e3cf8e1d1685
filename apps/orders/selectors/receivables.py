"""Reads of the receivables ledger: a customer's credit position, balance, ledger lines, and aging by bucket."""

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from apps.channels.choices import PartnerStatus
from apps.channels.models import Partner
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


def _open_items(customer, on: datetime.date) -> tuple[Decimal, Decimal]:
    """(open receivables, overdue) in two reads: unpaid invoices minus unapplied credit notes and unallocated
    payments not reserved for an order; and the open amount of invoices due before `on`."""
    docs = ARDocument.objects.filter(customer=customer, open_amount__gt=0).aggregate(
        invoices=Sum("open_amount", filter=Q(kind=INVOICE)), credits=Sum("open_amount", filter=Q(kind=CREDIT_NOTE)),
        overdue=Sum("open_amount", filter=Q(kind=INVOICE, due_date__lt=on)))
    unallocated = _sum(Payment.objects.filter(customer=customer, order__isnull=True, unallocated_amount__gt=0),
                       "unallocated_amount")
    receivables = (docs["invoices"] or ZERO) - (docs["credits"] or ZERO) - unallocated
    return receivables, docs["overdue"] or ZERO


def open_orders_amount(customer, *, exclude_order: Order | None = None) -> Decimal:
    """What credit orders not yet invoiced will add: their totals minus what has been invoiced of them."""
    orders = Order.objects.filter(customer=customer, status__in=OPEN_STATUSES, payment_mode=PaymentMode.CREDIT)
    if exclude_order is not None:
        orders = orders.exclude(pk=exclude_order.pk)
    invoiced = _sum(ARDocument.objects.filter(kind=INVOICE, order__in=orders), "amount")
    return max(_sum(orders, "total_amount") - invoiced, ZERO)


def credit_position(customer, on: datetime.date | None = None, *, exclude_order: Order | None = None,
                    partner: Partner | None = None) -> CreditPosition:
    """(limit, open_receivables, open_orders, overdue, available) of a customer on a date; unpack or use fields.
    `partner`: the customer's partner record when the caller has read it (else it is looked up)."""
    on = on or timezone.localdate()
    if partner is None or partner.customer_id != customer.pk:
        partner = partner_of(customer)
    elif partner.status != PartnerStatus.ACTIVE:
        partner = None
    receivables, overdue = _open_items(customer, on)
    return CreditPosition(limit=partner.credit_limit if partner else ZERO, open_receivables=receivables,
                          open_orders=open_orders_amount(customer, exclude_order=exclude_order), overdue=overdue)


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
