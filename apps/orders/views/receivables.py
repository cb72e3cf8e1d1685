"""Receivables pages: payments (list, record), aging with its chart, a customer's ledger."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.parsing import parse_day

from .. import access
from ..forms_orders import PaymentForm
from ..selectors import orders as order_selectors
from ..selectors import receivables as selectors
from ..services import receivables as services


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _partial(request, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template


@login_required
def payment_list(request):
    _require(access.can_view_payments(request.user))
    search = request.GET.get("q", "").strip()
    payments = selectors.list_payments_for(request.user, search=search)
    return render(request, _partial(request, "orders/receivables/payments.html", "table"), {
        "page": Paginator(payments, 25).get_page(request.GET.get("page")), "search": search,
        "can_record": access.can_record_payment(request.user)})


@login_required
def payment_create(request):
    _require(access.can_record_payment(request.user))
    initial = {k: request.GET[k] for k in ("customer", "order") if request.GET.get(k)}
    form = PaymentForm(request.POST or None, user=request.user, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.record_payment(actor=request.user, customer=data["customer"], amount=data["amount"],
                                              received_on=data["received_on"], method=data["method"],
                                              reference=data.get("reference", ""), order=data.get("order"))
        except ValidationError as exc:
            items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            for field, errors in items:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Payment %(number)s recorded.") % {"number": payment.number})
            if payment.order_id:
                return redirect("orders:detail", pk=payment.order_id)
            return redirect("orders:payments")
    return render(request, "orders/receivables/payment_form.html", {"form": form})


def _chart(aging: dict) -> dict:
    return {"type": "bar", "labels": [b.label for b in aging["buckets"]],
            "series": [{"name": _("Open receivables"), "values": [float(v) for v in aging["totals"]]}]}


@login_required
def receivables(request):
    """Aging of open invoices (0–30 / 31–60 / 61–90 / >90 days by default) and the customers behind it."""
    _require(access.can_view_receivables(request.user))
    aging = selectors.aging_for(request.user, timezone.localdate())
    return render(request, "orders/receivables/aging.html", {"aging": aging, "chart": _chart(aging)})


@login_required
def customer_ledger(request, customer_pk):
    """One customer's ledger between two dates: opening balance, documents and payments, closing balance."""
    _require(access.can_view_receivables(request.user))
    customer = order_selectors.customers_for_orders(request.user).filter(pk=customer_pk).first()
    if customer is None:
        raise Http404
    today = timezone.localdate()
    end = parse_day(request.GET.get("end")) or today
    start = parse_day(request.GET.get("start")) or end - datetime.timedelta(days=90)
    opening = selectors.balance_at(customer, start - datetime.timedelta(days=1))
    balance, lines = opening, []
    for line in selectors.ledger_lines(customer, start, end):
        balance += line["amount"]
        lines.append({**line, "balance": balance})
    position = selectors.credit_position(customer, today)
    return render(request, "orders/receivables/ledger.html", {
        "customer": customer, "start": start, "end": end, "opening": opening, "closing": balance, "lines": lines,
        "position": position, "can_record": access.can_record_payment(request.user)})
