"""The partner portal's catalogue: the active products at the partner's own resolved prices (domain.md §5, issue #4
§8), one search box, and an order button per product."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from apps.catalog import access as catalog_access
from apps.catalog.choices import ProductStatus

from .. import access
from ..selectors import orders as selectors

PAGE = 25


@login_required
def portal_catalogue(request):
    """Page + HTMX table: each active product with the unit price the partner pays for one unit today."""
    if not access.is_partner_user(request.user):
        raise PermissionDenied
    customer = selectors.customers_for_orders(request.user).first()
    search = request.GET.get("q", "").strip()
    products = catalog_access.products_visible_to(request.user).filter(status=ProductStatus.ACTIVE) \
        .select_related("category").order_by("category__name", "sku")
    if search:
        products = products.filter(Q(sku__icontains=search) | Q(name__icontains=search) | Q(model__icontains=search))
    page = Paginator(products, PAGE).get_page(request.GET.get("page"))
    rows = []
    for product in page.object_list:
        row = {"product": product, "quote": None, "hint": ""}
        if customer is not None:
            try:
                row["quote"] = selectors.quote_for_customer(request.user, customer=customer, product=product,
                                                            quantity=1)
            except ValidationError as exc:
                row["hint"] = exc.messages[0]
        rows.append(row)
    context = {"page": page, "rows": rows, "search": search, "customer": customer,
               "can_order": access.can_create_order(request.user)}
    partial = request.htmx and not request.htmx.boosted
    template = "orders/portal/catalogue.html#table" if partial else "orders/portal/catalogue.html"
    return render(request, template, context)
