"""Stock count pages: start a count, enter counted quantities, submit, approve or reject."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_for

from .. import access, selectors, services, workflow
from ..choices import StockCountStatus
from ..forms import RejectForm, StockCountCreateForm
from .common import apply_errors, page_of, render_list, require


@login_required
def count_list(request):
    require(access.can_view_stock_counts, request.user)
    status = request.GET.get("status", "")
    counts = selectors.list_stock_counts_for(request.user, status=status)
    return render_list(request, "catalog/count_list.html", {
        "page": page_of(request, counts), "status": status, "statuses": StockCountStatus.choices,
        "can_count": access.can_count_stock(request.user)})


@login_required
def count_create(request):
    require(access.can_count_stock, request.user)
    form = StockCountCreateForm(request.POST or None, initial={"warehouse": request.GET.get("warehouse")})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.create_stock_count(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Stock count %(number)s started.") % {"number": count.number})
            return redirect("catalog:stock-count-detail", pk=count.pk)
    return render(request, "catalog/form.html", {"form": form, "title": _("New stock count"),
                                                 "section_url": "catalog:stock-counts", "section": _("Stock counts"),
                                                 "submit_id": "start-count"})


@login_required
def count_detail(request, pk):
    count = selectors.get_stock_count_for(request.user, pk)
    lines = list(count.lines.select_related("product"))
    editable = count.status in workflow.EDITABLE and access.can_count_stock(request.user)
    return render(request, "catalog/count_detail.html", {
        "count": count, "lines": lines, "editable": editable,
        "variances": [line for line in lines if line.difference],
        "missing": sum(1 for line in lines if line.counted_qty is None),
        "can_approve": count.status == StockCountStatus.COUNTED and access.can_approve_stock_count(request.user),
        "reject_form": RejectForm(), "history": history_for(count)})


def _counted_from(post, count) -> dict:
    counted = {}
    for line_id in count.lines.values_list("pk", flat=True):
        raw = post.get(f"line-{line_id}", "").strip()
        try:
            counted[line_id] = Decimal(raw) if raw else None
        except InvalidOperation as exc:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from exc
    return counted


@login_required
@require_POST
def count_action(request, pk, action):
    """save / submit (counters), approve / reject (approvers)."""
    count = selectors.get_stock_count_for(request.user, pk)
    user = request.user
    try:
        if action in {"save", "submit"}:
            require(access.can_count_stock, user)
            services.record_counts(actor=user, count=count, counted=_counted_from(request.POST, count))
            if action == "submit":
                services.submit_stock_count(actor=user, count=count)
                messages.success(request, _("Count submitted for approval."))
            else:
                messages.success(request, _("Counted quantities saved."))
        elif action in {"approve", "reject"}:
            require(access.can_approve_stock_count, user)
            if action == "approve":
                services.approve_stock_count(actor=user, count=count)
                messages.success(request, _("Count approved; the differences are booked."))
            else:
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Give the reason for rejecting the count."))
                services.reject_stock_count(actor=user, count=count, **form.cleaned_data)
                messages.success(request, _("Count sent back for recounting."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalog:stock-count-detail", pk=count.pk)

