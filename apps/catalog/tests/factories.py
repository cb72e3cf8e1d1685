"""Small builders for catalogue tests; they go through the services like real users do."""

import datetime
from decimal import Decimal
from itertools import count

from django.utils import timezone

from apps.catalog import services
from apps.catalog.choices import PriceTier, Unit
from apps.catalog.demo_prices import TIER_FACTORS, unit_price
from apps.catalog.models import Category
from core.testing.helpers import user

_seq = count(1)


def actor():
    return user("system_admin")


def make_category(code: str | None = None, name: str = "UV平板打印机", parent: Category | None = None) -> Category:
    return services.create_category(actor=actor(), code=code or f"cat-{next(_seq)}", name=name, parent=parent)


def make_product(sku: str | None = None, *, category: Category | None = None, **fields):
    defaults = {"name": "UV平板打印机 1313", "model": "UV1313", "unit": Unit.MACHINE, "warranty_months": 12,
                "is_serial_tracked": True}
    return services.create_product(actor=actor(), sku=sku or f"SKU-{next(_seq)}",
                                   category=category or make_category(), **{**defaults, **fields})


def make_warehouse(code: str | None = None, name: str = "总仓", **fields):
    return services.create_warehouse(actor=actor(), code=code or f"wh-{next(_seq)}", name=name, **fields)


def stocked(product, warehouse, quantity) -> None:
    services.receive_stock(actor=user("warehouse"), product=product, warehouse=warehouse, quantity=quantity,
                           reference="RK-TEST")


def make_price_list(tier: str, rows, *, effective_from: datetime.date | None = None, effective_to=None, code=None):
    """A version of a tier's list; rows are (product, min_quantity, unit_price)."""
    start = effective_from or timezone.localdate() - datetime.timedelta(days=30)
    return services.create_price_list(
        actor=actor(), code=code or f"{tier.replace('_', '-')}-{start:%Y%m%d}-{next(_seq)}", name=str(tier),
        tier=tier, effective_from=start, effective_to=effective_to,
        items=[{"product": p, "min_quantity": Decimal(q), "unit_price": Decimal(v)} for p, q, v in rows],
    )


def seed_tiers_for(product, base: int = 128000, *, effective_from=None) -> dict:
    """Every tier's list for one machine at the seed's factors (HC-UV1313: suggested ¥128,000), with the seed's
    5-unit break on channel tiers."""
    lists = {}
    for tier, factor in TIER_FACTORS.items():
        rows = [(product, 1, unit_price(base, factor))]
        if tier not in {PriceTier.SUGGESTED, PriceTier.FLOOR}:
            rows.append((product, 5, unit_price(base, factor, "0.97")))
        lists[tier] = make_price_list(tier, rows, effective_from=effective_from)
    return lists
