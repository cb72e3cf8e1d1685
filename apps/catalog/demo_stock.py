"""Demo warehouses and a month of stock history: opening receipts, transfers, shipments, reservations, a count."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.org import selectors as org_selectors

from . import services
from .choices import WarehouseKind as K
from .demo_products import PRODUCTS, RETIRED_SKU

# (code, name, kind, org unit code, address)
WAREHOUSES = [
    ("wh-hq", "总仓", K.HEAD_OFFICE, "logistics", "广东省广州市番禺区石楼镇华彩工业园1号仓"),
    ("wh-bj", "北京分公司仓库", K.BRANCH, "branch-bj", "北京市大兴区亦庄经济开发区科创十三街"),
    ("wh-sh", "上海分公司仓库", K.BRANCH, "branch-sh", "上海市嘉定区马陆镇宝安公路"),
    ("wh-gz", "广州分公司仓库", K.BRANCH, "branch-gz", "广州市白云区太和镇大源北路"),
    ("wh-sz", "深圳分公司仓库", K.BRANCH, "branch-sz", "深圳市宝安区石岩街道塘头大道"),
    ("wh-new-parts", "新件库", K.NEW_PARTS, "as-parts", "广州市番禺区华彩工业园售后楼一层"),
    ("wh-old-parts", "旧件库", K.OLD_PARTS, "as-warranty", "广州市番禺区华彩工业园售后楼二层"),
]
BRANCHES = ["wh-bj", "wh-sh", "wh-gz", "wh-sz"]
MONTH = 30


def _at(today: datetime.date, days_ago: int, hour: int = 10) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _opening_quantity(spec, index: int, warehouse: str) -> int:
    """Deterministic opening stock: machines by the handful, consumables by the dozen, parts in the parts store."""
    if spec.spare:
        return {"wh-new-parts": 12 + index % 5 * 8, "wh-old-parts": 2 + index % 3}.get(warehouse, 0)
    if warehouse in {"wh-new-parts", "wh-old-parts"}:
        return 0
    if spec.serial:
        return 4 + index % 4 * 2 if warehouse == "wh-hq" else 1 + index % 3
    return 120 + index % 4 * 40 if warehouse == "wh-hq" else 30 + index % 3 * 15


def seed_warehouses(*, actor) -> dict:
    units = {u.code: u for u in org_selectors.list_org_units_for(actor).filter(code__in=[w[3] for w in WAREHOUSES])}
    return {code: services.create_warehouse(actor=actor, code=code, name=name, kind=kind, org_unit=units.get(unit),
                                            address=address, sort_order=order)
            for order, (code, name, kind, unit, address) in enumerate(WAREHOUSES)}


def seed_opening_stock(*, actor, today, products: dict, warehouses: dict) -> None:
    for index, spec in enumerate(PRODUCTS):
        if spec.sku == RETIRED_SKU:
            continue
        for code in ["wh-hq", *BRANCHES, "wh-new-parts", "wh-old-parts"]:
            quantity = _opening_quantity(spec, index, code)
            if spec.sku == "PH-RICOH-G6" and code == "wh-new-parts":
                quantity = 9  # runs low during the month: the demo's low-stock warning
            if quantity:
                services.receive_stock(actor=actor, product=products[spec.sku], warehouse=warehouses[code],
                                       quantity=quantity, reference=f"RK{today:%Y%m}-OPEN", note="期初入库",
                                       occurred_at=_at(today, MONTH + 5, 9))


def seed_month(*, actor, today, products: dict, warehouses: dict) -> None:
    """A month of daily work: production receipts, transfers to branches, shipments and parts issues."""
    machines = [s.sku for s in PRODUCTS if s.serial and not s.spare and s.sku != RETIRED_SKU]
    inks = [s.sku for s in PRODUCTS if s.category == "inks"]
    parts = [s.sku for s in PRODUCTS if s.spare]
    hq = warehouses["wh-hq"]
    for day in range(MONTH, 0, -1):
        branch = warehouses[BRANCHES[day % 4]]
        machine, ink, part = products[machines[day % len(machines)]], products[inks[day % len(inks)]], \
            products[parts[day % len(parts)]]
        if day % 7 == 0:
            services.receive_stock(actor=actor, product=machine, warehouse=hq, quantity=3,
                                   reference=f"SC{day:03d}", note="生产入库", occurred_at=_at(today, day, 9))
        services.transfer_stock(actor=actor, product=ink, from_warehouse=hq, to_warehouse=branch, quantity=20,
                                reference=f"DB{day:03d}", note="调拨补货", occurred_at=_at(today, day, 11))
        services.issue_stock(actor=actor, product=ink, warehouse=branch, quantity=6 + day % 5,
                             reference=f"FH{day:03d}", note="销售发货", occurred_at=_at(today, day, 15))
        if day % 3 == 0:
            services.issue_stock(actor=actor, product=machine, warehouse=hq, quantity=1,
                                 reference=f"FH{day:03d}M", note="整机发货", occurred_at=_at(today, day, 16))
        services.issue_stock(actor=actor, product=part, warehouse=warehouses["wh-new-parts"], quantity=1 + day % 3,
                             reference=f"PJ{day:03d}", note="配件发货", occurred_at=_at(today, day, 14))
    services.issue_stock(actor=actor, product=products["PH-RICOH-G6"], warehouse=warehouses["wh-new-parts"],
                         quantity=2, reference="PJ-G6", note="维修用件", occurred_at=_at(today, 3, 10))
    services.adjust_stock(actor=actor, product=products["INK-UV-W"], warehouse=hq, quantity=-2,
                          note="运输破损报废", reference="BS-001", occurred_at=_at(today, 12, 17))


def seed_reservations(*, actor, products: dict, warehouses: dict) -> None:
    """Open orders hold stock: reserved units the demo shows beside on-hand and available."""
    services.reserve_stock(actor=actor, product=products["HC-UV1313"], warehouse=warehouses["wh-hq"], quantity=2,
                           reference="XS-DEMO-001", note="待发货订单")
    services.reserve_stock(actor=actor, product=products["INK-UV-C"], warehouse=warehouses["wh-gz"], quantity=10,
                           reference="XS-DEMO-002", note="待发货订单")


def seed_count(*, counter, approver, today, products: dict, warehouses: dict) -> None:
    """Last month's count of the new-parts store, approved with two differences."""
    store = warehouses["wh-new-parts"]
    count = services.create_stock_count(actor=counter, warehouse=store, note="月度盘点")
    differences = {products["PI-WIPER"].pk: Decimal("-1"), products["PI-DAMPER-UV"].pk: Decimal("2")}
    counted = {line.pk: line.system_qty + differences.get(line.product_id, 0) for line in count.lines.all()}
    services.record_counts(actor=counter, count=count, counted=counted)
    services.submit_stock_count(actor=counter, count=count)
    services.approve_stock_count(actor=approver, count=count, occurred_at=_at(today, MONTH + 2, 18))
