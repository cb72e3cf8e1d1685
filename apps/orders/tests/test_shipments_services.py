"""Shipments: partial shipments from a ready order, stock issued from the reservation, invoice, sign-off, 回单."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.models import StockLevel
from core.testing.helpers import user

from ..choices import OrderStatus
from ..choices_fulfilment import ShipmentStatus
from ..models import ARDocument, Shipment
from ..services import shipments as services
from .fulfilment_factories import partner_a, ready_order, ship

pytestmark = pytest.mark.django_db


def _level(order, product):
    return StockLevel.objects.get(product=product, warehouse=order.warehouse)


def test_two_partial_shipments_issue_the_reserved_stock_and_walk_the_order_to_receipt_returned():
    order = ready_order(partner_a(), quantities=(3, 4))
    first_line, second_line = order.lines.order_by("position")
    assert _level(order, first_line.product).reserved == 3

    # when two units of line 1 ship
    first = ship(order, {1: 2, 2: 0})
    order.refresh_from_db()
    first_line.refresh_from_db()
    assert first.status == ShipmentStatus.DISPATCHED and len(first.lines.get().serial_numbers) == 2
    assert order.status == OrderStatus.PARTIALLY_SHIPPED
    assert first_line.shipped_quantity == 2 and first_line.reserved_quantity == 1
    level = _level(order, first_line.product)
    assert (level.on_hand, level.reserved) == (18, 1)
    invoice = ARDocument.objects.get(order=order, kind="invoice", reference=first.number)
    assert invoice.amount == first.amount == 2 * first_line.unit_price

    # and the rest follows
    second = ship(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert {(r.product_id, r.quantity) for r in second.lines.all()} == {(first_line.product_id, 1),
                                                                        (second_line.product_id, 4)}
    assert _level(order, second_line.product).reserved == 0

    today = timezone.localdate()
    for shipment in (first, second):
        services.sign_shipment(actor=user("warehouse"), shipment=shipment, signed_on=today, signer="王收货")
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED
    services.record_receipt(actor=user("sales_admin"), shipment=first, returned_on=today)
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED  # one 回单 still out
    done = services.record_receipt(actor=user("sales_admin"), shipment=second, returned_on=today,
                                   received_by="郑丽", note="原件已归档")
    order.refresh_from_db()
    assert done.status == ShipmentStatus.RECEIPT_RETURNED and done.receipt_received_by == "郑丽"
    # prepaid in full: the 回单 settles the order
    assert order.status in {OrderStatus.RECEIPT_RETURNED, OrderStatus.SETTLED}


def test_a_shipment_cannot_take_more_than_remains_counting_shipments_being_picked():
    order = ready_order(partner_a(), quantities=(5,))
    line = order.lines.get()
    ship(order, {1: 3}, dispatch=False)
    assert services.remaining_for(line) == 2
    with pytest.raises(ValidationError) as exc:
        ship(order, {1: 3}, dispatch=False)
    assert exc.value.error_dict["lines"][0].code == "over_remaining"


def test_serial_tracked_lines_need_one_unique_serial_per_unit():
    order = ready_order(partner_a(), quantities=(2,))
    line = order.lines.get()
    with pytest.raises(ValidationError):
        services.create_shipment(actor=user("warehouse"), order=order,
                                 lines=[{"order_line": line, "quantity": 2, "serial_numbers": ["A1"]}])
    with pytest.raises(ValidationError):
        services.create_shipment(actor=user("warehouse"), order=order,
                                 lines=[{"order_line": line, "quantity": 2, "serial_numbers": ["A1", "A1"]}])
    ship(order, {1: 1}, serial_prefix="DUP")
    with pytest.raises(ValidationError) as exc:
        services.create_shipment(actor=user("warehouse"), order=order,
                                 lines=[{"order_line": line, "quantity": 1, "serial_numbers": ["DUP0001"]}])
    assert exc.value.error_dict["lines"][0].code == "serial_taken"


def test_dispatch_needs_carrier_and_tracking_number_and_happens_once():
    order = ready_order(partner_a(), quantities=(1,))
    shipment = ship(order, dispatch=False, carrier="", tracking_number="")
    with pytest.raises(ValidationError) as exc:
        services.dispatch_shipment(actor=user("warehouse"), shipment=shipment)
    assert set(exc.value.message_dict) == {"carrier", "tracking_number"}
    services.dispatch_shipment(actor=user("warehouse"), shipment=shipment, carrier="德邦", tracking_number="DB1")
    with pytest.raises(services.ShipmentConflict):
        services.dispatch_shipment(actor=user("warehouse"), shipment=shipment)
    assert ARDocument.objects.filter(order=order, kind="invoice").count() == 1


def test_sign_off_and_receipt_follow_the_workflow_and_check_dates():
    order = ready_order(partner_a(), quantities=(1,))
    shipment = ship(order)
    with pytest.raises(services.ShipmentConflict):
        services.record_receipt(actor=user("sales_admin"), shipment=shipment, returned_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.sign_shipment(actor=user("warehouse"), shipment=shipment, signed_on=timezone.localdate(),
                               signer=" ")
    with pytest.raises(ValidationError):
        services.sign_shipment(actor=user("warehouse"), shipment=shipment,
                               signed_on=timezone.localdate() + timezone.timedelta(days=1), signer="王")


def test_cancelling_a_shipment_being_picked_frees_its_quantity_and_serials():
    order = ready_order(partner_a(), quantities=(2,))
    shipment = ship(order, dispatch=False, serial_prefix="CX")
    services.cancel_shipment(actor=user("warehouse"), shipment=shipment, reason="改期")
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.CANCELLED
    assert services.remaining_for(order.lines.get()) == Decimal(2)
    ship(order, serial_prefix="CX")  # the same serials may ship now


def test_shipping_from_another_warehouse_releases_the_reservation_there():
    from .fulfilment_factories import head_office

    order = ready_order(partner_a(), quantities=(1,))
    line = order.lines.get()
    other = head_office()
    from apps.catalog.tests.factories import stocked

    stocked(line.product, other, 5)
    ship(order, warehouse=other)
    assert _level(order, line.product).reserved == 0 and _level(order, line.product).on_hand == 20
    assert StockLevel.objects.get(product=line.product, warehouse=other).on_hand == 4
