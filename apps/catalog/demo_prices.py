"""The demo price system: a list for every tier in two versions, quantity breaks, and period windows."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from . import services
from .choices import AdjustmentType, PriceTier, WindowKind
from .demo_products import PRODUCTS

T = PriceTier
# Each tier's price as a share of the suggested market price. The floor sits under every channel tier, so
# only an off-season cut plus a grade discount can reach it.
TIER_FACTORS = {T.SPECIAL_AGENT: "0.70", T.AGENT: "0.75", T.SPECIAL_DISTRIBUTOR: "0.80", T.DISTRIBUTOR: "0.85",
                T.SUGGESTED: "1.00", T.FLOOR: "0.66"}
PARTS_FACTOR = "1.00"
CHANNEL_TIERS = {T.SPECIAL_AGENT, T.AGENT, T.SPECIAL_DISTRIBUTOR, T.DISTRIBUTOR, T.PARTS}
MACHINE_BREAKS = {1: "1", 5: "0.97"}
CONSUMABLE_BREAKS = {1: "1", 10: "0.97", 50: "0.94"}
OLD_VERSION_FACTOR = "0.96"  # last year's lists were 4 % cheaper
TIER_NAMES = {T.SPECIAL_AGENT: "特殊代理商价", T.AGENT: "一般代理商价", T.SPECIAL_DISTRIBUTOR: "特殊分销商价",
              T.DISTRIBUTOR: "一般分销商价", T.SUGGESTED: "市场建议价", T.FLOOR: "市场最低折扣价", T.PARTS: "配件价"}


def current_version_start(today: datetime.date) -> datetime.date:
    return (today - datetime.timedelta(days=90)).replace(day=1)


def old_version_start(today: datetime.date) -> datetime.date:
    return (current_version_start(today) - datetime.timedelta(days=365)).replace(day=1)


def unit_price(base: int, factor: str, break_factor: str = "1", version_factor: str = "1") -> Decimal:
    """A demo list price, rounded half-up to whole yuan as price lists are printed."""
    value = Decimal(base) * Decimal(factor) * Decimal(break_factor) * Decimal(version_factor)
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _items(tier: str, products: dict, version_factor: str) -> list[dict]:
    rows = []
    for spec in PRODUCTS:
        if (tier == T.PARTS) != spec.spare:
            continue
        factor = PARTS_FACTOR if tier == T.PARTS else TIER_FACTORS[tier]
        breaks = (MACHINE_BREAKS if spec.serial and not spec.spare else CONSUMABLE_BREAKS) \
            if tier in CHANNEL_TIERS else {1: "1"}
        rows += [{"product": products[spec.sku], "min_quantity": Decimal(qty),
                  "unit_price": unit_price(spec.base_price, factor, cut, version_factor)}
                 for qty, cut in breaks.items()]
    return rows


def window_specs(today: datetime.date) -> list[dict]:
    """The demo windows: peak season now, off season a few months ago, a launch price for the newest machine."""
    days = datetime.timedelta
    return [
        {"name": "旺季上浮", "kind": WindowKind.PEAK, "starts_on": today - days(10), "ends_on": today + days(50),
         "category": "printers", "adjustment_type": AdjustmentType.PERCENT, "percent": Decimal("5")},
        {"name": "淡季促销", "kind": WindowKind.OFF_SEASON, "starts_on": today - days(130),
         "ends_on": today - days(70), "category": "printers", "adjustment_type": AdjustmentType.PERCENT,
         "percent": Decimal("-8")},
        {"name": "UV3220 新品上市价", "kind": WindowKind.LAUNCH, "starts_on": today - days(20),
         "ends_on": today + days(70), "product": "HC-UV3220", "tier": T.SUGGESTED,
         "adjustment_type": AdjustmentType.FIXED, "fixed_price": Decimal("298000")},
    ]


def seed_prices(*, actor, today: datetime.date, products: dict) -> None:
    """Two versions of every tier's list (last year's closed, this year's open) and the windows."""
    current, old = current_version_start(today), old_version_start(today)
    for tier in T:
        label = TIER_NAMES[tier]
        services.create_price_list(
            actor=actor, code=f"{tier}-{old:%Y%m}".replace("_", "-"), name=f"{label} {old:%Y-%m}",
            tier=tier, effective_from=old, effective_to=current - datetime.timedelta(days=1),
            items=_items(tier, products, OLD_VERSION_FACTOR), note="上一版",
        )
        services.create_price_list(
            actor=actor, code=f"{tier}-{current:%Y%m}".replace("_", "-"), name=f"{label} {current:%Y-%m}",
            tier=tier, effective_from=current, items=_items(tier, products, "1"),
        )
    categories = {p.category.code: p.category for p in products.values()}
    categories.update({c.parent.code: c.parent for c in list(categories.values()) if c.parent})
    for spec in window_specs(today):
        fields = {**spec}
        if "category" in fields:
            fields["category"] = categories[fields["category"]]
        if "product" in fields:
            fields["product"] = products[fields["product"]]
        services.create_price_window(actor=actor, **fields)
