"""The only writers of catalogue data. One module per concern; import from here."""

from .counts import approve_stock_count, create_stock_count, record_counts, reject_stock_count, submit_stock_count
from .prices import (
    create_price_list,
    create_price_window,
    delete_price_list,
    delete_price_window,
    remove_price_item,
    save_price_item,
    set_price_items,
    update_price_list,
    update_price_window,
)
from .products import (
    create_category,
    create_product,
    reinstate_product,
    retire_product,
    update_category,
    update_product,
)
from .stock import (
    InsufficientStock,
    adjust_stock,
    book_movement,
    issue_reserved,
    issue_stock,
    receive_stock,
    release_reservation,
    reserve_stock,
    transfer_stock,
    verify_stock_balances,
)
from .warehouses import create_warehouse, update_warehouse

__all__ = [
    "InsufficientStock", "adjust_stock", "approve_stock_count", "book_movement", "create_category", "create_price_list",
    "create_price_window", "create_product", "create_stock_count", "create_warehouse", "delete_price_list",
    "delete_price_window", "issue_reserved", "issue_stock", "receive_stock", "record_counts", "reinstate_product",
    "reject_stock_count", "release_reservation", "remove_price_item", "reserve_stock", "retire_product",
    "save_price_item", "set_price_items", "submit_stock_count", "transfer_stock", "update_category",
    "update_price_list", "update_price_window", "update_product", "update_warehouse", "verify_stock_balances",
]
