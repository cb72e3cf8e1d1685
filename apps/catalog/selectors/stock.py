"""Reads of warehouses, stock balances, the ledger and stock counts."""

from django.db.models import BooleanField, Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum

from .. import access
from ..models import Product, StockCount, StockLevel, StockMovement, Warehouse
from .common import get_or_404

AVAILABLE = ExpressionWrapper(F("on_hand") - F("reserved"), output_field=DecimalField(max_digits=14,
                                                                                         decimal_places=3))
LOW = Q(product__reorder_level__gt=0, available__lt=F("product__reorder_level"))


def list_warehouses_for(user, *, active_only: bool = False) -> QuerySet[Warehouse]:
    """Warehouses with their number of products in stock and of those running low."""
    qs = access.warehouses_visible_to(user).select_related("org_unit", "region")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.annotate(
        products_in_stock=Count("stock_levels", filter=Q(stock_levels__on_hand__gt=0), distinct=True),
        units_on_hand=Sum("stock_levels__on_hand"),
        low_count=Count("stock_levels", distinct=True, filter=Q(stock_levels__product__reorder_level__gt=0) & Q(
            stock_levels__product__reorder_level__gt=F("stock_levels__on_hand") - F("stock_levels__reserved"))),
    ).order_by("sort_order", "code")


def get_warehouse_for(user, pk) -> Warehouse:
    return get_or_404(access.warehouses_visible_to(user).select_related("org_unit", "region"), pk)


def list_stock_for(user, *, product: Product | None = None, warehouse: Warehouse | None = None, low: bool = False,
                   search: str = "") -> QuerySet[StockLevel]:
    qs = access.stock_levels_visible_to(user).select_related("product", "warehouse").annotate(available=AVAILABLE)
    if product is not None:
        qs = qs.filter(product=product)
    if warehouse is not None:
        qs = qs.filter(warehouse=warehouse)
    if search:
        qs = qs.filter(Q(product__sku__icontains=search) | Q(product__name__icontains=search)
                       | Q(product__model__icontains=search))
    if low:
        qs = qs.filter(LOW)
    return qs.annotate(is_low=ExpressionWrapper(LOW, output_field=BooleanField()))


def stock_by_warehouse(user, product: Product) -> list[StockLevel]:
    """A product's balance in every warehouse that has held it."""
    return list(list_stock_for(user, product=product).order_by("warehouse__sort_order", "warehouse__code"))


def list_movements_for(user, *, product: Product | None = None, warehouse: Warehouse | None = None,
                       kind: str = "") -> QuerySet[StockMovement]:
    qs = access.stock_movements_visible_to(user).select_related("product", "warehouse", "actor",
                                                                "related_movement__warehouse")
    if product is not None:
        qs = qs.filter(product=product)
    if warehouse is not None:
        qs = qs.filter(warehouse=warehouse)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def list_stock_counts_for(user, *, warehouse: Warehouse | None = None, status: str = "") -> QuerySet[StockCount]:
    qs = access.stock_counts_visible_to(user).select_related("warehouse", "created_by", "approved_by").annotate(
        line_count=Count("lines", distinct=True),
        variance_count=Count("lines", distinct=True, filter=Q(lines__counted_qty__isnull=False)
                             & ~Q(lines__counted_qty=F("lines__system_qty"))),
    ).order_by("-created_at", "-id")
    if warehouse is not None:
        qs = qs.filter(warehouse=warehouse)
    if status:
        qs = qs.filter(status=status)
    return qs


def get_stock_count_for(user, pk) -> StockCount:
    return get_or_404(access.stock_counts_visible_to(user).select_related(
        "warehouse", "created_by", "submitted_by", "approved_by", "rejected_by"), pk)
