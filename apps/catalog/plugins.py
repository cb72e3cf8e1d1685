"""How the catalogue plugs into the shell: the "Catalog" menu section and product search."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem, SearchHit, SearchProvider, register_nav, register_search

from . import access

SECTION = _("Catalog")

register_nav(NavItem("catalog-products", _("Products"), "catalog:products", "package", SECTION, 300,
                     access.can_view_products))
register_nav(NavItem("catalog-stock", _("Warehouses & stock"), "catalog:warehouses", "building-warehouse", SECTION,
                     310, access.can_view_stock))
register_nav(NavItem("catalog-counts", _("Stock counts"), "catalog:stock-counts", "clipboard-check", SECTION, 320,
                     access.can_view_stock_counts))
register_nav(NavItem("catalog-prices", _("Price lists"), "catalog:price-lists", "tags", SECTION, 330,
                     access.can_view_prices))
register_nav(NavItem("catalog-windows", _("Price windows"), "catalog:price-windows", "calendar-dollar", SECTION,
                     340, access.can_view_prices))
register_nav(NavItem("catalog-calculator", _("Price calculator"), "catalog:price-calculator", "calculator",
                     SECTION, 350, access.can_view_prices))


def _search_products(user, text):
    products = access.products_visible_to(user).filter(
        Q(sku__icontains=text) | Q(name__icontains=text) | Q(model__icontains=text)
    ).select_related("category")[:8]
    return [SearchHit(f"{p.sku} {p.name}", f"{p.model} · {p.category.name}".strip(" ·"),
                      reverse("catalog:product-detail", args=[p.pk])) for p in products]


register_search(SearchProvider("products", _("Products"), _search_products, access.can_view_products))
