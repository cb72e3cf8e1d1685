"""Writers of the receivables ledger: invoices (posted by shipments), credit notes (returns, rebates), payments,
and their first-in-first-out allocation. Every amount moves through a guarded UPDATE, so two payments racing for
the same invoice never over-allocate it (SQLite and PostgreSQL alike)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min, Sum
from django.db.models.functions import Round
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.customers.models import Customer
from core.money import format_cny, to_money
from core.notify import notify

from ..choices import ARDocumentKind, CreditNoteKind, OrderStatus, PaymentMethod, PaymentMode
from ..models import Allocation, ARDocument, Order, Payment
from ..selectors.receivables import partner_of
from . import orders as order_services
from .numbering import next_ar_number

ZERO = Decimal("0")
INVOICE, CREDIT_NOTE = ARDocumentKind.INVOICE, ARDocumentKind.CREDIT_NOTE


class _Raced(Exception):
    """Another transaction moved the amount first; the savepoint is rolled back and the step retried."""


def _positive(amount, field: str = "amount") -> Decimal:
    try:
        amount = to_money(amount)
    except (TypeError, ArithmeticError, ValueError) as exc:
        raise ValidationError({field: _("Enter an amount.")}, code="invalid_amount") from exc
    if amount <= 0:
        raise ValidationError({field: _("Enter an amount above zero.")}, code="invalid_amount")
    return amount


def _take(model, pk: int, field: str, amount: Decimal) -> None:
    """Subtract `amount` from `field` of one row only if that much is still there."""
    updated = model.objects.filter(pk=pk, **{f"{field}__gte": amount}).update(
        **{field: Round(F(field) - amount, 2)})
    if not updated:
        raise _Raced


def _apply(invoice: ARDocument, *, payment: Payment | None = None, credit_note: ARDocument | None = None,
           on: datetime.date) -> Decimal:
    """Apply as much of a payment or credit note as the invoice still needs; returns the amount applied."""
    source_model, source = (Payment, payment) if payment is not None else (ARDocument, credit_note)
    field = "unallocated_amount" if payment is not None else "open_amount"
    for _attempt in range(5):
        invoice.refresh_from_db(fields=["open_amount"])
        source.refresh_from_db(fields=[field])
        amount = min(invoice.open_amount, getattr(source, field))
        if amount <= 0:
            return ZERO
        try:
            with transaction.atomic():
                _take(ARDocument, invoice.pk, "open_amount", amount)
                _take(source_model, source.pk, field, amount)
                Allocation.objects.create(invoice=invoice, payment=payment, credit_note=credit_note, amount=amount,
                                          allocated_on=on)
            return amount
        except _Raced:
            continue
    return ZERO


def _open_invoices(customer, *, order: Order | None = None):
    qs = ARDocument.objects.filter(customer=customer, kind=INVOICE, open_amount__gt=0)
    if order is not None:
        qs = qs.filter(order=order)
    return list(qs.order_by("due_date", "document_date", "id"))


def _credit_sources(customer, *, order: Order | None):
    """What may settle a new invoice: payments made for its order first, then the customer's free credit."""
    payments = Payment.objects.filter(customer=customer, unallocated_amount__gt=0)
    linked = list(payments.filter(order=order).order_by("received_on", "id")) if order is not None else []
    free = list(payments.filter(order__isnull=True).order_by("received_on", "id"))
    credits = list(ARDocument.objects.filter(customer=customer, kind=CREDIT_NOTE, open_amount__gt=0)
                   .order_by("document_date", "id"))
    return [("payment", p) for p in linked + free] + [("credit_note", c) for c in credits]


def _allocate_to(invoice: ARDocument, on: datetime.date) -> None:
    for kind, source in _credit_sources(invoice.customer, order=invoice.order):
        if invoice.open_amount <= 0:
            break
        _apply(invoice, on=on, **{kind: source})


def _orders_of(invoices) -> set[int]:
    return {inv.order_id for inv in invoices if inv.order_id}


def refresh_paid(order_ids) -> None:
    """Recompute each order's paid amount (payments made for it + allocations to its invoices from other money)
    and settle those whose receipt has returned and whose invoices are paid."""
    for order in Order.objects.filter(pk__in=set(order_ids)):
        linked = sum(Payment.objects.filter(order=order).values_list("amount", flat=True), ZERO)
        allocated = sum(Allocation.objects.filter(invoice__order=order).exclude(payment__order=order)
                        .values_list("amount", flat=True), ZERO)
        paid = to_money(linked + allocated)
        if paid != order.paid_amount:
            Order.objects.filter(pk=order.pk).update(paid_amount=paid)
            order.paid_amount = paid
        order_services.settle_if_paid(order)


# -- invoices and credit notes --------------------------------------------------------------------------------------


@transaction.atomic
def post_invoice(*, actor, order: Order, amount, on: datetime.date, reference: str, shipment=None) -> ARDocument:
    """Invoice shipped goods (called by the shipment service): due on `on` + the partner's payment term; money
    already paid for the order, then the customer's free credit, settle it at once."""
    amount = _positive(amount)
    partner = order.partner or partner_of(order.customer)
    term = partner.payment_term_days if partner and order.payment_mode == PaymentMode.CREDIT else 0
    invoice = ARDocument.objects.create(
        number=next_ar_number("INV", on), kind=INVOICE, customer=order.customer, partner=partner, order=order,
        source_id=getattr(shipment, "pk", None), document_date=on, due_date=on + datetime.timedelta(days=term),
        amount=amount, open_amount=amount, reference=reference[:100], created_by=actor, updated_by=actor)
    _allocate_to(invoice, on)
    refresh_paid([order.pk])
    return invoice


@transaction.atomic
def post_opening_invoice(*, actor, customer: Customer, amount, on: datetime.date, due_on: datetime.date,
                         reference: str) -> ARDocument:
    """A receivable brought forward from before the system (期初应收), not tied to an order; free credit the
    customer already has settles it at once."""
    amount = _positive(amount)
    if due_on < on:
        raise ValidationError({"due_on": _("The due date cannot be before the document date.")}, code="invalid")
    invoice = ARDocument.objects.create(
        number=next_ar_number("INV", on), kind=INVOICE, customer=customer, partner=partner_of(customer),
        document_date=on, due_date=due_on, amount=amount, open_amount=amount, reference=reference[:100],
        reason=_("Opening balance"), created_by=actor, updated_by=actor)
    _allocate_to(invoice, on)
    return invoice


@transaction.atomic
def post_credit_note(*, actor, customer: Customer, amount, on: datetime.date, reason: str, reference: str,
                     order: Order | None = None, kind: str = CreditNoteKind.RETURN, source_id=None) -> ARDocument:
    """Credit the customer (a return, a rebate); applied to the order's open invoices first, then the oldest."""
    amount = _positive(amount)
    if kind not in CreditNoteKind.values:
        raise ValidationError({"kind": _("Unknown credit note kind.")}, code="invalid_kind")
    note = ARDocument.objects.create(
        number=next_ar_number("CN", on), kind=CREDIT_NOTE, customer=customer, partner=partner_of(customer),
        order=order, source_id=source_id, document_date=on, amount=amount, open_amount=amount, credit_kind=kind,
        reference=reference[:100], reason=reason[:300], created_by=actor, updated_by=actor)
    invoices = (_open_invoices(customer, order=order) if order is not None else []) + _open_invoices(customer)
    touched = []
    for invoice in invoices:
        if _apply(invoice, credit_note=note, on=on):
            touched.append(invoice)
    refresh_paid(_orders_of(touched))
    order_services.recheck_holds(actor=actor, customer=customer)
    return note


# -- payments -------------------------------------------------------------------------------------------------------


def _check_payment_order(customer, order: Order | None) -> None:
    if order is None:
        return
    if order.customer_id != customer.pk:
        raise ValidationError({"order": _("The order belongs to another customer.")}, code="wrong_customer")
    if order.status in (OrderStatus.CANCELLED, OrderStatus.DRAFT):
        raise ValidationError({"order": _("A payment cannot be recorded for a draft or cancelled order.")},
                              code="order_not_open")


@transaction.atomic
def record_payment(*, actor, customer: Customer, amount, received_on: datetime.date,
                   method: str = PaymentMethod.BANK_TRANSFER, reference: str = "", order: Order | None = None
                   ) -> Payment:
    """Record money received: for an order (款到发货) it pays that order's invoices and releases it once covered;
    otherwise it settles the oldest open invoices first. Holds for credit or overdue items are re-checked."""
    amount = _positive(amount)
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Unknown payment method.")}, code="invalid_method")
    _check_payment_order(customer, order)
    payment = Payment.objects.create(
        number=next_ar_number("PAY", received_on), customer=customer, partner=partner_of(customer), order=order,
        amount=amount, unallocated_amount=amount, received_on=received_on, method=method, reference=reference[:100],
        recorded_by=actor, created_by=actor, updated_by=actor)
    invoices = _open_invoices(customer, order=order) if order is not None else _open_invoices(customer)
    touched = [invoice for invoice in invoices if _apply(invoice, payment=payment, on=received_on)]
    refresh_paid(_orders_of(touched) | ({order.pk} if order is not None else set()))
    if order is not None:
        order_services.release_if_paid(actor=actor, order=Order.objects.get(pk=order.pk))
    order_services.recheck_holds(actor=actor, customer=customer)
    payment.refresh_from_db()
    return payment


def unlink_payments(*, order: Order) -> None:
    """A cancelled order's prepayments become the customer's free credit (allocated to open invoices)."""
    payments = list(Payment.objects.filter(order=order, unallocated_amount__gt=0))
    Payment.objects.filter(pk__in=[p.pk for p in payments]).update(order=None)
    for payment in payments:
        payment.order = None
        touched = [inv for inv in _open_invoices(order.customer) if _apply(inv, payment=payment,
                                                                            on=payment.received_on)]
        refresh_paid(_orders_of(touched))


# -- overdue alerts -------------------------------------------------------------------------------------------------


def overdue_alerts(*, on: datetime.date, every_days: int, recipients_for) -> int:
    """Tell each overdue customer's rep and the sales admins (`recipients_for`) what is overdue: the day after the
    first due date passes, then every `every_days` days while it stays unpaid. Returns how many were told."""
    rows = (ARDocument.objects.filter(kind=INVOICE, open_amount__gt=0, due_date__lt=on)
            .values("customer_id").annotate(oldest=Min("due_date"), overdue=Sum("open_amount")))
    due = {r["customer_id"]: r for r in rows
           if (on - r["oldest"]).days == 1 or (on - r["oldest"]).days % max(every_days, 1) == 0}
    for customer in Customer.objects.filter(pk__in=due).select_related("owner"):
        row = due[customer.pk]
        notify(recipients_for(customer), level="warning",
               title=_("Overdue receivables: %(customer)s") % {"customer": customer.name},
               body=_("%(amount)s is past due since %(date)s. New orders of this customer are put on hold until "
                      "it is paid.") % {"amount": format_cny(row["overdue"]), "date": row["oldest"].isoformat()},
               url=f"{reverse('orders:receivables')}?customer={customer.pk}")
    return len(due)
