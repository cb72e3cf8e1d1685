"""Price pages: lists by tier with their versions and items, windows, and the price calculator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_for

from .. import access, selectors, services
from ..forms import PriceItemForm, PriceListForm, PriceWindowForm, QuoteForm
from .common import apply_errors, page_of, render_list, require

LIST_FIELDS = ["tier", "code", "name", "effective_from", "effective_to", "note"]
WINDOW_FIELDS = ["name", "kind", "starts_on", "ends_on", "tier", "product", "category", "adjustment_type",
                 "percent", "fixed_price", "is_active"]


@login_required
def price_list_index(request):
    require(access.can_view_prices, request.user)
    return render(request, "catalog/price_list_index.html", {
        "groups": selectors.price_lists_by_tier_for(request.user, timezone.localdate()),
        "today": timezone.localdate(), "can_manage": access.can_manage_prices(request.user)})


@login_required
def price_list_detail(request, pk):
    price_list = selectors.get_price_list_for(request.user, pk)
    search = request.GET.get("q", "").strip()
    items = price_list.items.select_related("product").order_by("product__sku", "min_quantity")
    if search:
        items = items.filter(Q(product__sku__icontains=search) | Q(product__name__icontains=search))
    return render_list(request, "catalog/price_list_detail.html", {
        "price_list": price_list, "page": page_of(request, items, 100), "search": search,
        "can_manage": access.can_manage_prices(request.user), "item_form": PriceItemForm(),
        "history": history_for(price_list) if request.GET.get("tab") == "history" else None,
        "tab": request.GET.get("tab", "items")})


@login_required
def price_list_form(request, pk=None):
    require(access.can_manage_prices, request.user)
    price_list = selectors.get_price_list_for(request.user, pk) if pk else None
    initial = {name: getattr(price_list, name) for name in LIST_FIELDS} if price_list else {
        "tier": request.GET.get("tier", "")}
    form = PriceListForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if price_list is None:
                price_list = services.create_price_list(actor=request.user, **form.cleaned_data)
            else:
                services.update_price_list(actor=request.user, price_list=price_list, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Price list %(code)s saved.") % {"code": price_list.code})
            return redirect("catalog:price-list-detail", pk=price_list.pk)
    title = _("Edit %(code)s") % {"code": price_list.code} if price_list else _("New price-list version")
    return render(request, "catalog/form.html", {"form": form, "title": title, "section_url": "catalog:price-lists",
                                                 "section": _("Price lists")})


@login_required
@require_POST
def price_item_action(request, pk, item_pk=None):
    """Add a price to a list, or change one or remove it (action=delete)."""
    require(access.can_manage_prices, request.user)
    price_list = selectors.get_price_list_for(request.user, pk)
    item = get_object_or_404(price_list.items, pk=item_pk) if item_pk else None
    try:
        if item is not None and request.POST.get("action") == "delete":
            services.remove_price_item(actor=request.user, item=item)
        else:
            form = PriceItemForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.save_price_item(actor=request.user, price_list=price_list, item=item, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Price list %(code)s updated.") % {"code": price_list.code})
    return redirect("catalog:price-list-detail", pk=price_list.pk)


@login_required
def window_list(request):
    require(access.can_view_prices, request.user)
    windows = selectors.list_price_windows_for(request.user)
    return render_list(request, "catalog/window_list.html", {
        "page": page_of(request, windows), "today": timezone.localdate(),
        "can_manage": access.can_manage_prices(request.user)})


@login_required
def window_form(request, pk=None):
    require(access.can_manage_prices, request.user)
    window = selectors.get_price_window_for(request.user, pk) if pk else None
    initial = {name: getattr(window, name) for name in WINDOW_FIELDS} if window else {}
    form = PriceWindowForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "delete" and window is not None:
        services.delete_price_window(actor=request.user, window=window)
        messages.success(request, _("Price window deleted."))
        return redirect("catalog:price-windows")
    if request.method == "POST" and form.is_valid():
        try:
            if window is None:
                services.create_price_window(actor=request.user, **form.cleaned_data)
            else:
                services.update_price_window(actor=request.user, window=window, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Price window saved."))
            return redirect("catalog:price-windows")
    title = _("Edit %(name)s") % {"name": window.name} if window else _("New price window")
    return render(request, "catalog/form.html", {
        "form": form, "title": title, "section_url": "catalog:price-windows", "section": _("Price windows"),
        "delete": window is not None, "history": history_for(window) if window else None})


@login_required
def price_calculator(request):
    """Pick tier, grade, product, quantity and date; the price and how it was reached appear below."""
    require(access.can_view_prices, request.user)
    data = request.GET if "product" in request.GET else None
    form = QuoteForm(data, user=request.user, initial={"date": timezone.localdate(), "quantity": 1})
    quote = error = None
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            quote = selectors.quote_for(request.user, tier=values["tier"], grade=values["grade"],
                                        product=values["product"], quantity=values["quantity"], on=values["date"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    elif data is not None:
        error = " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                         for name, errors in form.errors.items())
    context = {"form": form, "quote": quote, "error": error,
               "product": form.cleaned_data.get("product") if quote else None}
    template = "catalog/price_calculator.html#result" if request.htmx else "catalog/price_calculator.html"
    return render(request, template, context)
