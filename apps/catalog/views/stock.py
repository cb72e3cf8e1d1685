"""Warehouse and stock pages: balances per warehouse, movement forms and the ledger."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import history_for
from core.parsing import parse_id

from .. import access, selectors, services
from ..choices import MANUAL_MOVEMENTS, MovementKind
from ..forms import MovementForm, WarehouseForm
from .common import apply_errors, page_of, render_list, require

MOVE_TITLES = {"receipt": gettext_lazy("Receive stock"), "issue": gettext_lazy("Issue stock"),
               "transfer": gettext_lazy("Transfer stock"), "adjustment": gettext_lazy("Adjust stock")}
WAREHOUSE_FIELDS = ["code", "name", "kind", "org_unit", "region", "address", "sort_order", "is_active"]


@login_required
def warehouse_list(request):
    require(access.can_view_stock, request.user)
    return render(request, "catalog/warehouse_list.html", {
        "warehouses": selectors.list_warehouses_for(request.user),
        "can_manage": access.can_manage_warehouses(request.user),
        "can_move": access.can_move_stock(request.user)})


@login_required
def warehouse_detail(request, pk):
    require(access.can_view_stock, request.user)
    warehouse = selectors.get_warehouse_for(request.user, pk)
    filters = {"search": request.GET.get("q", "").strip(), "low": request.GET.get("low") == "1"}
    levels = selectors.list_stock_for(request.user, warehouse=warehouse, **filters).order_by("product__sku")
    context = {"warehouse": warehouse, "page": page_of(request, levels, 50), "filters": filters,
               "can_move": access.can_move_stock(request.user) and warehouse.is_active,
               "can_count": access.can_count_stock(request.user),
               "can_manage": access.can_manage_warehouses(request.user)}
    return render_list(request, "catalog/warehouse_detail.html", context)


@login_required
def warehouse_form(request, pk=None):
    require(access.can_manage_warehouses, request.user)
    warehouse = selectors.get_warehouse_for(request.user, pk) if pk else None
    initial = {name: getattr(warehouse, name) for name in WAREHOUSE_FIELDS} if warehouse else {}
    form = WarehouseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if warehouse is None:
                warehouse = services.create_warehouse(actor=request.user, **form.cleaned_data)
            else:
                services.update_warehouse(actor=request.user, warehouse=warehouse, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Warehouse saved."))
            return redirect("catalog:warehouse-detail", pk=warehouse.pk)
    title = _("Edit %(name)s") % {"name": warehouse.name} if warehouse else _("New warehouse")
    return render(request, "catalog/form.html", {
        "form": form, "title": title, "section_url": "catalog:warehouses", "section": _("Warehouses & stock"),
        "history": history_for(warehouse) if warehouse else None})


@login_required
def stock_move(request, kind):
    """Receive, issue, transfer or adjust, prefilled from the warehouse page (?warehouse=&product=)."""
    require(access.can_move_stock, request.user)
    if kind not in MANUAL_MOVEMENTS:
        raise Http404
    ids = {key: parse_id(request.GET.get(key)) for key in ("warehouse", "product")}
    initial = {key: pk for key, pk in ids.items() if pk}
    form = MovementForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.book_movement(actor=request.user, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s of %(product)s booked.") % {
                "kind": movement.get_kind_display(), "product": movement.product.name})
            return redirect("catalog:warehouse-detail", pk=movement.warehouse_id)
    back = reverse("catalog:warehouse-detail", args=[initial["warehouse"]]) if "warehouse" in initial else None
    return render(request, "catalog/form.html", {"form": form, "title": MOVE_TITLES[kind], "back_url": back,
                                                 "section_url": "catalog:warehouses",
                                                 "section": _("Warehouses & stock"), "submit_id": "book-movement"})


@login_required
def ledger(request):
    """The movements of a product and/or a warehouse, newest first, with the balance after each."""
    require(lambda u: u.has_perm("catalog.view_stockmovement"), request.user)
    product_id, warehouse_id = parse_id(request.GET.get("product")), parse_id(request.GET.get("warehouse"))
    product = selectors.get_product_for(request.user, product_id) if product_id else None
    warehouse = selectors.get_warehouse_for(request.user, warehouse_id) if warehouse_id else None
    kind = request.GET.get("kind", "")
    movements = selectors.list_movements_for(request.user, product=product, warehouse=warehouse, kind=kind)
    context = {"page": page_of(request, movements, 50), "product": product, "warehouse": warehouse, "kind": kind,
               "kinds": MovementKind.choices, "warehouses": selectors.list_warehouses_for(request.user)}
    return render_list(request, "catalog/ledger.html", context)
