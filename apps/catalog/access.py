"""Who may see and do what in the catalogue. Catalogue data is company-wide (no row scope); rights decide,
and confidential price tiers (special agent, special distributor, floor) are hidden without their right."""

from django.db.models import Q, QuerySet

from .choices import CONFIDENTIAL_TIERS, PriceTier
from .models import Category, PriceList, PriceWindow, Product, StockCount, StockLevel, StockMovement, Warehouse


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def can_view_products(user) -> bool:
    return _has(user, "catalog.view_product")


def can_manage_products(user) -> bool:
    return _has(user, "catalog.add_product") and _has(user, "catalog.change_product")


def can_manage_categories(user) -> bool:
    return _has(user, "catalog.add_category") and _has(user, "catalog.change_category")


def can_view_stock(user) -> bool:
    return _has(user, "catalog.view_stocklevel")


def can_move_stock(user) -> bool:
    return _has(user, "catalog.add_stockmovement")


def can_manage_warehouses(user) -> bool:
    return _has(user, "catalog.add_warehouse") and _has(user, "catalog.change_warehouse")


def can_view_stock_counts(user) -> bool:
    return _has(user, "catalog.view_stockcount")


def can_count_stock(user) -> bool:
    return _has(user, "catalog.add_stockcount") and _has(user, "catalog.change_stockcount")


def can_approve_stock_count(user) -> bool:
    return _has(user, "catalog.approve_stockcount")


def can_view_prices(user) -> bool:
    return _has(user, "catalog.view_pricelist")


def can_manage_prices(user) -> bool:
    return _has(user, "catalog.add_pricelist") and _has(user, "catalog.change_pricelist")


def can_view_confidential_prices(user) -> bool:
    return _has(user, "catalog.view_confidential_prices")


def visible_tiers(user) -> list[str]:
    """Price tiers the user may see, in the order of the price system."""
    if not can_view_prices(user):
        return []
    confidential = can_view_confidential_prices(user)
    return [tier.value for tier in PriceTier if confidential or tier not in CONFIDENTIAL_TIERS]


def can_view_tier(user, tier: str) -> bool:
    return tier in visible_tiers(user)


def categories_visible_to(user) -> QuerySet[Category]:
    return Category.objects.all() if can_view_products(user) else Category.objects.none()


def products_visible_to(user) -> QuerySet[Product]:
    return Product.objects.all() if can_view_products(user) else Product.objects.none()


def warehouses_visible_to(user) -> QuerySet[Warehouse]:
    return Warehouse.objects.all() if _has(user, "catalog.view_warehouse") else Warehouse.objects.none()


def stock_levels_visible_to(user) -> QuerySet[StockLevel]:
    return StockLevel.objects.all() if can_view_stock(user) else StockLevel.objects.none()


def stock_movements_visible_to(user) -> QuerySet[StockMovement]:
    return StockMovement.objects.all() if _has(user, "catalog.view_stockmovement") else StockMovement.objects.none()


def stock_counts_visible_to(user) -> QuerySet[StockCount]:
    return StockCount.objects.all() if can_view_stock_counts(user) else StockCount.objects.none()


def price_lists_visible_to(user) -> QuerySet[PriceList]:
    return PriceList.objects.filter(tier__in=visible_tiers(user))


def price_windows_visible_to(user) -> QuerySet[PriceWindow]:
    """Windows of the tiers the user may see, and those for every tier."""
    if not can_view_prices(user):
        return PriceWindow.objects.none()
    return PriceWindow.objects.filter(Q(tier="") | Q(tier__in=visible_tiers(user)))
