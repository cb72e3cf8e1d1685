"""Order pages: list (HTMX table, Excel export), entry form with live prices, detail with actions, approvals."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog import access as catalog_access
from core.exports import xlsx_response
from core.history import history_for
from core.money import format_cny
from core.parsing import parse_day, parse_id

from .. import access
from ..choices import HoldKind, OrderStatus
from ..forms_orders import LineFormSet, OrderForm, ReasonForm
from ..selectors import orders as selectors
from ..services import orders as services

TABS = ["lines", "timeline", "history"]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _partial(request, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template


def _filters(request) -> dict:
    get = request.GET
    return {"status": get.get("status", ""), "search": get.get("q", "").strip(), "hold_kind": get.get("hold", ""),
            "start": parse_day(get.get("start")), "end": parse_day(get.get("end")),
            "partner": parse_id(get.get("partner"))}


@login_required
def order_list(request):
    _require(access.can_view_orders(request.user))
    filters = _filters(request)
    orders = selectors.list_orders_for(request.user, **filters)
    if request.GET.get("export") == "xlsx":
        _require(access.can_export_orders(request.user))
        rows = ([o.number, o.customer.name, o.get_status_display(), o.hold_reason, o.get_payment_mode_display(),
                 o.total_amount, o.paid_amount, o.created_at.date(), o.promised_date] for o in orders.iterator())
        return xlsx_response(request, name=_("Orders"), filename="orders", rows=rows, headers=[
            _("Number"), _("Customer"), _("Status"), _("Hold reason"), _("Payment mode"), _("Total"), _("Paid"),
            _("Created"), _("Promised ship-by date")])
    context = {"page": Paginator(orders, 25).get_page(request.GET.get("page")), "filters": filters,
               "statuses": OrderStatus.choices, "holds": HoldKind.choices, "query": request.GET.urlencode(),
               "can_create": access.can_create_order(request.user),
               "can_export": access.can_export_orders(request.user)}
    return render(request, _partial(request, "orders/orders/list.html", "table"), context)


# -- entry ----------------------------------------------------------------------------------------------------------


def _form_page(request, form, formset, order=None):
    return render(request, "orders/orders/form.html", {
        "form": form, "formset": formset, "order": order, "can_set_price": access.can_set_price(request.user)})


def _show_errors(form, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _save(request, form, formset, order=None):
    """Create or update from the bound forms; submit when the user pressed "Submit". None on errors."""
    try:
        if order is None:
            order = services.create_order(actor=request.user, customer=form.cleaned_data["customer"],
                                          lines=formset.lines(), ship_to=form.ship_to(), **form.header())
        else:
            services.update_order(actor=request.user, order=order, lines=formset.lines(), ship_to=form.ship_to(),
                                  **form.header())
        if "submit" in request.POST:
            order = services.submit_order(actor=request.user, order=order)
    except ValidationError as exc:
        _show_errors(form, exc)
        return None
    return order


@login_required
def order_create(request):
    _require(access.can_create_order(request.user))
    initial = {"customer": request.GET.get("customer")} if request.GET.get("customer") else None
    form = OrderForm(request.POST or None, user=request.user, initial=initial)
    formset = LineFormSet(request.POST or None, user=request.user, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        order = _save(request, form, formset)
        if order is not None:
            messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
            return redirect("orders:detail", pk=order.pk)
    return _form_page(request, form, formset)


@login_required
def order_edit(request, pk):
    order = selectors.get_order_for(request.user, pk)
    _require(access.can_edit_order(request.user, order))
    initial = {"customer": order.customer_id, "channel": order.channel, "payment_mode": order.payment_mode,
               "requested_date": order.requested_date, "province_code": order.ship_to_province_code,
               "city_code": order.ship_to_city_code, "district_code": order.ship_to_district_code,
               "address": order.ship_to_address, "receiver_name": order.receiver_name,
               "receiver_phone": order.receiver_phone, "notes": order.notes}
    lines = [{"product": line.product_id, "quantity": line.quantity} for line in selectors.lines_of(order)]
    form = OrderForm(request.POST or None, user=request.user, initial=initial)
    form.fields["customer"].disabled = True
    formset = LineFormSet(request.POST or None, user=request.user, prefix="lines", initial=lines)
    valid = request.method == "POST" and form.is_valid() and formset.is_valid()
    if valid and _save(request, form, formset, order) is not None:
        messages.success(request, _("Changes saved."))
        return redirect("orders:detail", pk=order.pk)
    return _form_page(request, form, formset, order)


@login_required
def price_preview(request):
    """HTMX: the price of one line as it would be resolved now, with the steps that made it."""
    _require(access.can_create_order(request.user))
    row = request.GET.get("row", "")
    customer = selectors.customers_for_orders(request.user).filter(pk=request.GET.get("customer") or 0).first()
    product = catalog_access.products_visible_to(request.user).filter(
        pk=request.GET.get(f"{row}-product") or 0).first() if row else None
    context = {"row": row}
    quantity = request.GET.get(f"{row}-quantity") or "1"
    if customer is None or product is None:
        context["hint"] = _("Pick the customer and a product to see the price.")
    else:
        try:
            quote = selectors.quote_for_customer(request.user, customer=customer, product=product,
                                                 quantity=quantity)
            context.update(quote=quote, total=format_cny(quote.line_total))
        except ValidationError as exc:
            context["hint"] = exc.messages[0]
    return render(request, "orders/orders/form.html#price", context)


# -- detail ---------------------------------------------------------------------------------------------------------


def _actions(user, order) -> dict:
    return {"can_edit": access.can_edit_order(user, order), "can_submit": access.can_submit_order(user, order),
            "can_approve": access.can_approve_order(user, order),
            "can_credit_exception": access.can_approve_credit_exception(user, order)
            and order.hold_kind in (HoldKind.CREDIT, HoldKind.OVERDUE),
            "can_cancel": access.can_cancel_order(user, order),
            "can_decide_price": access.can_decide_price_exception(user),
            "can_record_payment": access.can_record_payment(user)}


@login_required
def order_detail(request, pk):
    _require(access.can_view_orders(request.user))
    order = selectors.get_order_for(request.user, pk)
    tab = request.GET.get("tab", "lines")
    tab = tab if tab in TABS else "lines"
    lines = [(line, selectors.line_view(request.user, line)) for line in selectors.lines_of(order)]
    context = {"order": order, "tab": tab, "tabs": TABS, "lines": lines, **_actions(request.user, order),
               "exceptions": order.price_exceptions.select_related("line__product", "decided_by"),
               "events": selectors.events_of(order), "reason_form": ReasonForm()}
    if tab == "history":
        context["history"] = history_for(order)
    return render(request, "orders/orders/detail.html", context)


@login_required
@require_POST
def order_action(request, pk, verb):
    """Submit, approve (with a reason for a credit exception) or cancel (with a reason)."""
    order = selectors.get_order_for(request.user, pk)
    user, reason = request.user, request.POST.get("reason", "")
    checks = {"submit": access.can_submit_order(user, order),
              "approve": access.can_approve_order(user, order) or access.can_approve_credit_exception(user, order),
              "cancel": access.can_cancel_order(user, order)}
    if verb not in checks:
        raise PermissionDenied
    _require(checks[verb])
    try:
        if verb == "submit":
            order = services.submit_order(actor=user, order=order)
        elif verb == "approve":
            order = services.approve_order(actor=user, order=order, reason=reason)
        else:
            order = services.cancel_order(actor=user, order=order, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("orders:detail", pk=pk)
    order.refresh_from_db()
    messages.success(request, _("Order %(number)s: %(status)s.") % {"number": order.number,
                                                                   "status": order.get_status_display()})
    return redirect("orders:detail", pk=pk)


@login_required
@require_POST
def price_exception_decide(request, pk, verb):
    _require(access.can_decide_price_exception(request.user) and verb in {"approve", "reject"})
    exception = selectors.get_price_exception_for(request.user, pk)
    try:
        services.decide_price_exception(actor=request.user, exception=exception, approve=verb == "approve",
                                        note=request.POST.get("note", ""))
        messages.success(request, _("Price exception decided."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(request.POST.get("next") or reverse("orders:detail", args=[exception.order_id]))


@login_required
def approvals(request):
    """The approval queue: orders waiting for approval and holds with their reasons; price exceptions."""
    _require(access.can_view_approvals(request.user))
    queue = selectors.approval_queue_for(request.user)
    exceptions = (selectors.pending_price_exceptions_for(request.user)
                  if access.can_decide_price_exception(request.user) else [])
    return render(request, "orders/orders/approvals.html", {
        "queue": queue, "exceptions": exceptions, "can_approve": access.can_approve_order(request.user),
        "can_decide_price": access.can_decide_price_exception(request.user)})
