"""Reads of catalogue data; every user-facing read starts from the scope functions in access."""

from .prices import (
    get_price_list_for,
    get_price_window_for,
    list_price_lists_for,
    list_price_windows_for,
    price_lists_by_tier_for,
    prices_for_product,
    quote_for,
    resolve_price,
)
from .products import category_tree_for, get_category_for, get_product_for, list_categories_for, list_products_for
from .stock import (
    get_stock_count_for,
    get_warehouse_for,
    list_movements_for,
    list_stock_counts_for,
    list_stock_for,
    list_warehouses_for,
    stock_by_warehouse,
)

__all__ = [
    "category_tree_for", "get_category_for", "get_price_list_for", "get_price_window_for", "get_product_for",
    "get_stock_count_for", "get_warehouse_for", "list_categories_for", "list_movements_for", "list_price_lists_for",
    "list_price_windows_for", "list_products_for", "list_stock_counts_for", "list_stock_for", "list_warehouses_for",
    "price_lists_by_tier_for", "prices_for_product", "quote_for", "resolve_price", "stock_by_warehouse",
]
