"""Writers of the price system: versioned price lists with their items, and period windows."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..choices import AdjustmentType
from ..models import PriceItem, PriceList, PriceWindow, Product

LIST_FIELDS = {"code", "name", "tier", "effective_from", "effective_to", "note"}
WINDOW_FIELDS = {"name", "kind", "starts_on", "ends_on", "product", "category", "tier", "adjustment_type",
                 "percent", "fixed_price", "is_active"}


def _refuse_unknown(changes: dict, allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})


@transaction.atomic
def create_price_list(*, actor, items: list[dict] | None = None, **fields) -> PriceList:
    """Add a price-list version for a tier, optionally with its items."""
    _refuse_unknown(fields, LIST_FIELDS)
    price_list = PriceList(**fields, created_by=actor, updated_by=actor)
    price_list.full_clean()
    price_list.save()
    if items:
        set_price_items(actor=actor, price_list=price_list, items=items)
    return price_list


@transaction.atomic
def update_price_list(*, actor, price_list: PriceList, items: list[dict] | None = None, **changes) -> PriceList:
    """Change a version's header (dates, name…); `items`, when given, replace all of its items."""
    _refuse_unknown(changes, LIST_FIELDS)
    for name, value in changes.items():
        setattr(price_list, name, value)
    price_list.updated_by = actor
    price_list.full_clean()
    price_list.save()
    if items is not None:
        set_price_items(actor=actor, price_list=price_list, items=items)
    return price_list


@transaction.atomic
def delete_price_list(*, actor, price_list: PriceList) -> None:
    """Remove a price-list version and its items (their history stays)."""
    price_list.updated_by = actor
    for item in price_list.items.all():
        item._history_user = actor
        item.delete()
    price_list.delete()


def _item(price_list: PriceList, row: dict) -> PriceItem:
    item = PriceItem(price_list=price_list, product=row["product"],
                     min_quantity=Decimal(row.get("min_quantity") or 1), unit_price=Decimal(row["unit_price"]))
    item.full_clean(exclude=["price_list"], validate_unique=False)
    return item


@transaction.atomic
def set_price_items(*, actor, price_list: PriceList, items: list[dict]) -> list[PriceItem]:
    """Replace the items of a price list with `items` (dicts of product, min_quantity, unit_price)."""
    new = [_item(price_list, row) for row in items]
    keys = [(item.product_id, item.min_quantity) for item in new]
    if len(set(keys)) != len(keys):
        raise ValidationError({"items": _("A product appears twice with the same quantity break.")})
    for old in price_list.items.all():
        old._history_user = actor
        old.delete()
    return bulk_create_with_history(new, PriceItem, default_user=actor)


@transaction.atomic
def save_price_item(*, actor, price_list: PriceList, product: Product, unit_price, min_quantity=1,
                    item: PriceItem | None = None) -> PriceItem:
    """Add one price (or change `item`) in a price list."""
    item = item or PriceItem(price_list=price_list)
    item.product, item.min_quantity, item.unit_price = product, Decimal(min_quantity), Decimal(unit_price)
    item.full_clean()
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def remove_price_item(*, actor, item: PriceItem) -> None:
    """Take one price out of its list."""
    item._history_user = actor
    item.delete()


def _check_window(window: PriceWindow) -> None:
    errors = {}
    if window.adjustment_type == AdjustmentType.PERCENT and window.percent is None:
        errors["percent"] = _("Enter the percentage (e.g. 5 or -8).")
    if window.adjustment_type == AdjustmentType.FIXED and window.fixed_price is None:
        errors["fixed_price"] = _("Enter the fixed price.")
    if window.product_id and window.category_id:
        errors["category"] = _("A window is for one product or one category, not both.")
    if window.percent is not None and window.percent <= -100:
        errors["percent"] = _("A discount must stay below 100 %.")
    if errors:
        raise ValidationError(errors)
    window.full_clean()


@transaction.atomic
def create_price_window(*, actor, **fields) -> PriceWindow:
    """Add a dated price window (launch, peak, off-season…)."""
    _refuse_unknown(fields, WINDOW_FIELDS)
    window = PriceWindow(**fields, created_by=actor, updated_by=actor)
    _check_window(window)
    window.save()
    return window


@transaction.atomic
def update_price_window(*, actor, window: PriceWindow, **changes) -> PriceWindow:
    """Change a price window."""
    _refuse_unknown(changes, WINDOW_FIELDS)
    for name, value in changes.items():
        setattr(window, name, value)
    window.updated_by = actor
    _check_window(window)
    window.save()
    return window


@transaction.atomic
def delete_price_window(*, actor, window: PriceWindow) -> None:
    """Remove a price window (its history stays)."""
    window.updated_by = actor
    window.delete()

