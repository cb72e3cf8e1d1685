"""Shipment pages: list, detail with its actions (dispatch, sign-off, 回单, follow-up, exception), and the new
shipment form opened from an order."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from core.history import history_for
from core.parsing import parse_id

from .. import access, access_fulfilment
from ..choices_fulfilment import ExceptionKind, ShipmentStatus
from ..selectors import follow_up as follow_up_selectors
from ..selectors import shipments as selectors
from ..services import follow_up as follow_up_services
from ..services import shipments as services
from ..workflow import StateConflict


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def show_errors(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignForm(forms.Form):
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=_date_input())
    signer = forms.CharField(label=gettext_lazy("Signed by"), max_length=60)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class ReceiptForm(forms.Form):
    returned_on = forms.DateField(label=gettext_lazy("Receipt returned on"),
                                  widget=_date_input())
    received_by = forms.CharField(label=gettext_lazy("Received by"), max_length=60, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
    attachment = forms.FileField(label=gettext_lazy("Scan of the 回单"), required=False)


class DispatchForm(forms.Form):
    carrier = forms.CharField(label=gettext_lazy("Carrier"), max_length=80)
    tracking_number = forms.CharField(label=gettext_lazy("Tracking number"), max_length=60)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("What the carrier or receiver said"), max_length=500)
    eta = forms.DateField(label=gettext_lazy("Expected arrival"), required=False,
                          widget=_date_input())
    customer_informed = forms.BooleanField(label=gettext_lazy("Customer informed"), required=False, initial=True)


class ExceptionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ExceptionKind.choices)
    description = forms.CharField(label=gettext_lazy("What happened"), max_length=500)
    handling = forms.CharField(label=gettext_lazy("Handling"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


@login_required
def shipment_list(request):
    require(access_fulfilment.can_view_shipments(request.user))
    filters = {"search": request.GET.get("q", "").strip(), "status": request.GET.get("status", "")}
    rows = selectors.list_shipments_for(request.user, **filters)
    context = {"page": Paginator(rows, 25).get_page(request.GET.get("page")), "filters": filters,
               "statuses": ShipmentStatus.choices}
    template = "orders/shipments/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#table"
    return render(request, template, context)


@login_required
def shipment_detail(request, pk):
    require(access_fulfilment.can_view_shipments(request.user))
    shipment = selectors.get_shipment_for(request.user, pk)
    user, today = request.user, timezone.localdate()
    context = {
        "shipment": shipment, "order": shipment.order,
        "follow_ups": shipment.follow_ups.select_related("followed_by")[:50],
        "exceptions": shipment.exceptions.all(), "receipts": selectors.receipt_attachments(shipment),
        "due_at": follow_up_selectors.follow_up_due_at(shipment),
        "can_dispatch": access_fulfilment.can_dispatch(user, shipment),
        "can_cancel": access_fulfilment.can_cancel_shipment(user, shipment),
        "can_sign": access_fulfilment.can_record_sign(user, shipment),
        "can_receipt": access_fulfilment.can_record_receipt(user, shipment),
        "can_follow_up": access_fulfilment.can_follow_up(user, shipment),
        "can_register_exception": access_fulfilment.can_register_exception(user, shipment),
        "dispatch_form": DispatchForm(initial={"carrier": shipment.carrier,
                                               "tracking_number": shipment.tracking_number}),
        "sign_form": SignForm(initial={"signed_on": today}),
        "receipt_form": ReceiptForm(initial={"returned_on": today}),
        "follow_up_form": FollowUpForm(initial={"customer_informed": True}),
        "exception_form": ExceptionForm(), "reason_form": ReasonForm(),
        "history": history_for(shipment) if not access.is_partner_user(user) else [],
    }
    return render(request, "orders/shipments/detail.html", context)


def _lines_from_post(request, order) -> list[dict]:
    rows = []
    for line in order.lines.all():
        raw = request.POST.get(f"qty_{line.pk}", "").strip()
        if not raw:
            continue
        try:
            quantity = Decimal(raw)
        except InvalidOperation as exc:
            raise ValidationError({"lines": _("Enter quantities as numbers.")}) from exc
        serials = [s for s in request.POST.get(f"serials_{line.pk}", "").replace(",", "\n").split() if s]
        rows.append({"order_line": line, "quantity": quantity, "serial_numbers": serials})
    return rows


@login_required
def shipment_create(request, order_pk):
    """The new-shipment form of an order: per line what remains, the quantity now and its serial numbers."""
    order = get_object_or_404(access.orders_visible_to(request.user).select_related("customer", "warehouse"),
                              pk=order_pk)
    require(access_fulfilment.can_create_shipment(request.user))
    if not access_fulfilment.can_create_shipment(request.user, order):
        messages.error(request, _("Order %(number)s is not ready to ship.") % {"number": order.number})
        return redirect("orders:shipments")
    warehouses = catalog_selectors.list_warehouses_for(request.user, active_only=True)
    values = {"warehouse": str(order.warehouse_id or ""), "carrier": "", "tracking_number": "", "note": "",
              "urgent": False}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("warehouse", "carrier", "tracking_number", "note")}
        values["urgent"] = bool(request.POST.get("urgent"))
        try:
            warehouse = warehouses.filter(pk=parse_id(values["warehouse"])).first()
            shipment = services.create_shipment(
                actor=request.user, order=order, lines=_lines_from_post(request, order), warehouse=warehouse,
                carrier=values["carrier"], tracking_number=values["tracking_number"], urgent=values["urgent"],
                note=values["note"])
            if request.POST.get("dispatch_now") and shipment.carrier and shipment.tracking_number:
                services.dispatch_shipment(actor=request.user, shipment=shipment)
        except (ValidationError, catalog_services.InsufficientStock, StateConflict) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Shipment %(number)s saved.") % {"number": shipment.number})
            return redirect("orders:shipment-detail", pk=shipment.pk)
    context = {"order": order, "rows": selectors.shippable_lines(order), "warehouses": warehouses,
               "values": values, "posted": request.POST}
    return render(request, "orders/shipments/create.html", context)


ACTIONS = {
    "dispatch": (access_fulfilment.can_dispatch, DispatchForm,
                 lambda user, s, data: services.dispatch_shipment(actor=user, shipment=s, **data),
                 gettext_lazy("Dispatched.")),
    "sign": (access_fulfilment.can_record_sign, SignForm,
             lambda user, s, data: services.sign_shipment(actor=user, shipment=s, **data),
             gettext_lazy("Sign-off recorded.")),
    "receipt": (access_fulfilment.can_record_receipt, ReceiptForm,
                lambda user, s, data: services.record_receipt(actor=user, shipment=s, **data),
                gettext_lazy("Return receipt recorded.")),
    "cancel": (access_fulfilment.can_cancel_shipment, ReasonForm,
               lambda user, s, data: services.cancel_shipment(actor=user, shipment=s, **data),
               gettext_lazy("Shipment cancelled.")),
    "follow-up": (access_fulfilment.can_follow_up, FollowUpForm,
                  lambda user, s, data: follow_up_services.record_follow_up(actor=user, shipment=s, **data),
                  gettext_lazy("Follow-up recorded.")),
    "exception": (access_fulfilment.can_register_exception, ExceptionForm,
                  lambda user, s, data: follow_up_services.register_exception(actor=user, shipment=s, **data),
                  gettext_lazy("Exception registered.")),
}


@login_required
@require_POST
def shipment_action(request, pk, verb):
    """Every state change of a shipment page: the form's errors come back as messages."""
    if verb not in ACTIONS:
        raise PermissionDenied
    allowed, form_class, call, done = ACTIONS[verb]
    shipment = selectors.get_shipment_for(request.user, pk)
    require(allowed(request.user, shipment))
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            call(request.user, shipment, form.cleaned_data)
        except (ValidationError, catalog_services.InsufficientStock, StateConflict) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, done)
    target = request.POST.get("next", "")
    if target == "queue":
        return redirect("orders:follow-up-queue")
    return redirect("orders:shipment-detail", pk=shipment.pk)
