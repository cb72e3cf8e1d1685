"""Fulfilment test data made through the services: a partner's order released for shipping, and its shipments."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.catalog.choices import WarehouseKind
from apps.catalog.demo_prices import TIER_FACTORS, unit_price
from apps.catalog.models import PriceList, Product
from apps.catalog.tests.factories import make_price_list, make_product, make_warehouse, stocked
from apps.channels.tests.factories import make_partner, make_partner_customer, org_unit
from core.testing import personas as p
from core.testing.helpers import user

from ..services import orders as order_services
from ..services import receivables as receivable_services
from ..services import shipments as shipment_services

BEIJING = {"province_code": "110000", "city_code": "110100"}
GUANGZHOU = {"province_code": "440000", "city_code": "440100"}


def head_office():
    return make_warehouse(name="总仓", kind=WarehouseKind.HEAD_OFFICE)


def partner_a(territories=("110000",)):
    """北京艾礼富 (partner_user's company), authorised for Beijing."""
    customer = make_partner_customer(p.NORTH_REP, kind="partner", partner_unit=org_unit("partner-bj-alf"),
                                     **BEIJING)
    return make_partner(customer=customer, territories=territories)


def partner_b():
    """广州恒信 (partner_b_user's company), authorised for Guangdong."""
    customer = make_partner_customer(p.SOUTH_REP, kind="partner", partner_unit=org_unit("partner-gz-hx"),
                                     **GUANGZHOU)
    return make_partner(customer=customer, owner=p.SOUTH_REP, territories=("440000",))


def price_everything(products, base: int = 12800) -> None:
    """A new version of every tier's list pricing every product made so far in the test (a day newer than the
    previous version, so the newest list in force still covers the earlier products)."""
    everything = list(Product.objects.all())
    for tier, factor in TIER_FACTORS.items():
        versions = PriceList.objects.filter(tier=tier).count()
        start = timezone.localdate() - datetime.timedelta(days=30 - versions)
        make_price_list(tier, [(product, 1, unit_price(base, factor)) for product in everything],
                        effective_from=start)


def ready_order(partner, *, warehouse=None, products=None, quantities=(3,), ship_to=None, stock=20):
    """An order of the partner, approved and paid in advance (款到发货), stock reserved: ready to ship."""
    warehouse = warehouse or head_office()
    if products is None:
        products = [make_product(is_serial_tracked=(i == 0)) for i in range(len(quantities))]
    price_everything(products)
    for product in products:
        stocked(product, warehouse, stock)
    actor = user("sales_admin")
    order = order_services.create_order(
        actor=actor, customer=partner.customer, ship_to=ship_to,
        lines=[{"product": prod, "quantity": Decimal(q)} for prod, q in zip(products, quantities, strict=True)])
    order.warehouse = warehouse
    order.save(update_fields=["warehouse"])
    order_services.submit_order(actor=actor, order=order)
    order.refresh_from_db()
    order_services.approve_order(actor=user(p.DIRECTOR), order=order, reason="测试")
    order.refresh_from_db()
    if order.status != "ready_to_ship":
        receivable_services.record_payment(actor=user("finance"), customer=partner.customer,
                                           amount=order.total_amount, received_on=timezone.localdate(),
                                           order=order)
        order.refresh_from_db()
    assert order.status == "ready_to_ship", (order.status, order.hold_reason)
    return order


def serials(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(1, n + 1)]


def ship(order, quantities: dict | None = None, *, dispatch=True, serial_prefix=None, **fields):
    """A shipment of the order's lines (quantities by line position, default everything left), dispatched."""
    rows = []
    for line in order.lines.select_related("product").order_by("position"):
        quantity = Decimal((quantities or {}).get(line.position, shipment_services.remaining_for(line)))
        if quantity <= 0:
            continue
        row = {"order_line": line, "quantity": quantity}
        if line.product.is_serial_tracked:
            start = int(line.shipped_quantity) + 1
            prefix = serial_prefix or f"SN{order.pk}-{line.pk}-"
            row["serial_numbers"] = [f"{prefix}{i:04d}" for i in range(start, start + int(quantity))]
        rows.append(row)
    warehouse_user = user("warehouse")
    fields.setdefault("carrier", "顺丰速运")
    fields.setdefault("tracking_number", f"SF{order.pk}{len(rows)}")
    shipment = shipment_services.create_shipment(actor=warehouse_user, order=order, lines=rows, **fields)
    if dispatch:
        shipment = shipment_services.dispatch_shipment(actor=warehouse_user, shipment=shipment)
    return shipment
