"""Return pages (换货与退货): request against a shipped order, inspection, approval or rejection by the quota
rule. Partner users and staff use the same pages; the scope decides what they see."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog import selectors as catalog_selectors

from .. import access, access_money
from ..choices import ReturnKind, ReturnReason, ReturnStatus
from ..selectors.statements import get_or_404
from ..services import returns as services
from ..workflow import StateConflict
from .statements import error_text, partial_or_page, require


@login_required
def return_list(request):
    require(access_money.can_view_returns(request.user))
    status = request.GET.get("status", "")
    returns = access_money.returns_visible_to(request.user).select_related("order", "customer")
    if status:
        returns = returns.filter(status=status)
    context = {"page": Paginator(returns, 25).get_page(request.GET.get("page")), "status": status,
               "statuses": ReturnStatus.choices, "can_request": access_money.can_request_return(request.user)}
    return render(request, partial_or_page(request, "orders/money/return_list.html", "table"), context)


def _quantities(post, order) -> list[dict]:
    rows = []
    for line in order.lines.all():
        raw = (post.get(f"qty-{line.pk}") or "").strip()
        if not raw:
            continue
        try:
            quantity = Decimal(raw)
        except InvalidOperation as exc:
            raise ValidationError({"lines": _("Enter a number of units.")}) from exc
        if quantity:
            rows.append({"order_line": line, "quantity": quantity})
    return rows


@login_required
def return_create(request):
    """Step 1: pick a shipped order; step 2: the quantities per line, kind and reason."""
    require(access_money.can_request_return(request.user))
    orders = access.orders_visible_to(request.user).filter(status__in=services.RETURNABLE_ORDER_STATUSES) \
        .select_related("customer")
    order = None
    if request.GET.get("order") or request.POST.get("order"):
        order = get_or_404(orders.prefetch_related("lines__product"), request.GET.get("order") or request.POST["order"])
    if request.method == "POST" and order is not None:
        try:
            created = services.request_return(
                actor=request.user, order=order, kind=request.POST.get("kind", ReturnKind.RETURN),
                reason=request.POST.get("reason", ReturnReason.OVERSTOCK),
                description=request.POST.get("description", ""), lines=_quantities(request.POST, order))
        except (StateConflict, ValidationError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Return request %(number)s sent.") % {"number": created.number})
            return redirect("orders:return-detail", pk=created.pk)
    context = {"orders": orders[:100], "order": order, "kinds": ReturnKind.choices, "reasons": ReturnReason.choices}
    return render(request, "orders/money/return_form.html", context)


@login_required
def return_detail(request, pk):
    require(access_money.can_view_returns(request.user))
    target = get_or_404(access_money.returns_visible_to(request.user).select_related(
        "order", "customer", "warehouse", "requested_by", "inspected_by", "decided_by"), pk)
    can_inspect = access_money.can_inspect_return(request.user, target)
    context = {"request_obj": target, "lines": target.lines.select_related("order_line__product"),
               "can_inspect": can_inspect, "can_decide": access_money.can_decide_return(request.user, target),
               "warehouses": catalog_selectors.list_warehouses_for(request.user, active_only=True)
               if can_inspect else []}
    return render(request, "orders/money/return_detail.html", context)


@login_required
@require_POST
def return_act(request, pk, verb):
    require(access_money.can_view_returns(request.user))
    target = get_or_404(access_money.returns_visible_to(request.user), pk)
    try:
        if verb == "inspect":
            require(access_money.can_inspect_return(request.user))
            warehouse = None
            if request.POST.get("warehouse"):
                warehouse = catalog_selectors.get_warehouse_for(request.user, request.POST["warehouse"])
            findings = [{"line": line.pk, **{name: request.POST.get(f"{name}-{line.pk}") == "on"
                                             for name in services.CONDITIONS}} for line in target.lines.all()]
            services.inspect_return(actor=request.user, request=target, findings=findings, warehouse=warehouse,
                                    note=request.POST.get("note", ""))
            messages.success(request, _("Inspection recorded."))
        elif verb == "approve":
            require(access_money.can_decide_return(request.user))
            services.approve_return(actor=request.user, request=target)
            messages.success(request, _("Return approved and credited."))
        elif verb == "reject":
            require(access_money.can_decide_return(request.user) or access_money.can_inspect_return(request.user))
            services.reject_return(actor=request.user, request=target, reason=request.POST.get("reason", ""))
            messages.warning(request, _("Return rejected."))
        else:
            raise PermissionDenied
    except (StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect("orders:return-detail", pk=target.pk)
