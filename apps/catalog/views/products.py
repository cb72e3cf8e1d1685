"""Product pages: the catalogue with its category tree, a product's stock, prices and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_for
from core.parsing import parse_id

from .. import access, selectors, services
from ..choices import ProductStatus
from ..forms import CategoryForm, ProductForm, RetireForm
from .common import apply_errors, page_of, render_list, require

PRODUCT_FIELDS = ["sku", "name", "model", "category", "unit", "weight_kg", "warranty_months", "is_serial_tracked",
                  "is_spare_part", "reorder_level", "launched_on", "description"]


def _filters(request) -> dict:
    category_id = parse_id(request.GET.get("category"))
    spare = request.GET.get("spare", "")
    return {
        "search": request.GET.get("q", "").strip(),
        "category": selectors.get_category_for(request.user, category_id) if category_id else None,
        "status": request.GET.get("status", ""),
        "is_spare_part": {"1": True, "0": False}.get(spare),
    }


@login_required
def product_list(request):
    require(access.can_view_products, request.user)
    filters = _filters(request)
    products = selectors.list_products_for(request.user, **filters)
    context = {"page": page_of(request, products), "filters": filters, "spare": request.GET.get("spare", ""),
               "tree": selectors.category_tree_for(request.user), "statuses": ProductStatus.choices,
               "can_manage": access.can_manage_products(request.user),
               "can_manage_categories": access.can_manage_categories(request.user)}
    return render_list(request, "catalog/product_list.html", context)


@login_required
def product_detail(request, pk):
    product = selectors.get_product_for(request.user, pk)
    tab = request.GET.get("tab", "overview")
    today = timezone.localdate()
    context = {
        "product": product, "tab": tab, "today": today,
        "can_manage": access.can_manage_products(request.user),
        "can_view_stock": access.can_view_stock(request.user),
        "can_view_prices": access.can_view_prices(request.user),
        "retire_form": RetireForm(initial={"retired_on": today}),
    }
    if tab == "overview" and context["can_view_stock"]:
        context["levels"] = selectors.stock_by_warehouse(request.user, product)
    if tab == "overview" and context["can_view_prices"]:
        context["prices"] = selectors.prices_for_product(request.user, product, today)
    if tab == "history":
        context["history"] = history_for(product)
    return render(request, "catalog/product_detail.html", context)


@login_required
def product_form(request, pk=None):
    require(access.can_manage_products, request.user)
    product = selectors.get_product_for(request.user, pk) if pk else None
    initial = {name: getattr(product, name) for name in PRODUCT_FIELDS} if product else {}
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                product = services.create_product(actor=request.user, **form.cleaned_data)
            else:
                services.update_product(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Product %(sku)s saved.") % {"sku": product.sku})
            return redirect("catalog:product-detail", pk=product.pk)
    title = _("Edit %(name)s") % {"name": product.name} if product else _("New product")
    back = reverse("catalog:product-detail", args=[product.pk]) if product else None
    return render(request, "catalog/form.html", {"form": form, "title": title, "back_url": back,
                                                 "section_url": "catalog:products", "section": _("Products")})


@login_required
@require_POST
def product_action(request, pk, action):
    """Retire or reinstate a product from its page."""
    require(access.can_manage_products, request.user)
    product = selectors.get_product_for(request.user, pk)
    try:
        if action == "retire":
            form = RetireForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter the date the product is retired."))
            services.retire_product(actor=request.user, product=product, **form.cleaned_data)
            messages.success(request, _("%(name)s is retired.") % {"name": product.name})
        elif action == "reinstate":
            services.reinstate_product(actor=request.user, product=product)
            messages.success(request, _("%(name)s is on sale again.") % {"name": product.name})
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalog:product-detail", pk=product.pk)


@login_required
def category_form(request, pk=None):
    require(access.can_manage_categories, request.user)
    category = selectors.get_category_for(request.user, pk) if pk else None
    initial = {"code": category.code, "name": category.name, "parent": category.parent,
               "sort_order": category.sort_order} if category else {}
    form = CategoryForm(request.POST or None, instance=category, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                services.create_category(actor=request.user, **form.cleaned_data)
            else:
                services.update_category(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect("catalog:products")
    title = _("Edit %(name)s") % {"name": category.name} if category else _("New category")
    return render(request, "catalog/form.html", {"form": form, "title": title, "section_url": "catalog:products",
                                                 "section": _("Products"),
                                                 "history": history_for(category) if category else None})
