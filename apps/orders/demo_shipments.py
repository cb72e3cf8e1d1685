"""Demo fulfilment: shipments in every state for the demo orders released for shipping, follow-ups, transport
exceptions with a carrier claim, a branch purchase request and a couple of 窜货 flags. Deterministic."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org import selectors as org_selectors

from .choices import OrderStatus
from .choices_fulfilment import FlagSource, ShipmentStatus
from .models import Order, Shipment, ShippedSerial
from .services import branch as branch_services
from .services import flags as flag_services
from .services import follow_up as follow_up_services
from .services import shipments as shipment_services

CARRIERS = ["顺丰速运", "德邦物流", "中通快运", "安能物流"]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _lines_for(order: Order, share: Decimal) -> list[dict]:
    rows = []
    for line in order.lines.select_related("product").order_by("position"):
        left = shipment_services.remaining_for(line)
        quantity = left if share >= 1 else max(Decimal(int(left * share)), Decimal(1) if left >= 2 else Decimal(0))
        if quantity <= 0:
            continue
        row = {"order_line": line, "quantity": quantity}
        if line.product.is_serial_tracked:
            first = int(line.shipped_quantity) + 1
            row["serial_numbers"] = [f"HC{order.pk:05d}{line.pk:04d}{n:03d}" for n in range(first,
                                                                                        first + int(quantity))]
        rows.append(row)
    return rows


def _backdate(shipment: Shipment, days: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days)
    Shipment.objects.filter(pk=shipment.pk).update(dispatched_at=when)
    shipment.dispatched_at = when


def _shipment(order, actor, index: int, share: Decimal = Decimal(1)) -> Shipment | None:
    rows = _lines_for(order, share)
    if not rows:
        return None
    return shipment_services.create_shipment(
        actor=actor, order=order, lines=rows, carrier=CARRIERS[index % len(CARRIERS)],
        tracking_number=f"{CARRIERS[index % len(CARRIERS)][:1]}{order.number[2:].replace('-', '')}{index}",
        urgent=index % 7 == 0)


def seed_shipments(context: dict) -> dict:
    """Ship the demo orders waiting in ready-to-ship, five ways round; returns counts by status."""
    actor, admin_clerk = _user("warehouse"), _user("sales_admin")
    if actor is None:
        return {}
    today = timezone.localdate()
    orders = list(Order.objects.filter(status=OrderStatus.READY_TO_SHIP).order_by("number")[:40])
    for index, order in enumerate(orders):
        step = index % 6
        if step == 5:
            draft = _shipment(order, actor, index)
            if draft is not None and index % 12 == 5:
                shipment_services.cancel_shipment(actor=actor, shipment=draft, reason="客户改期提货")
            continue
        shipment = _shipment(order, actor, index, Decimal("0.5") if step == 1 else Decimal(1))
        if shipment is None:
            continue
        shipment = shipment_services.dispatch_shipment(actor=actor, shipment=shipment)
        _backdate(shipment, 1 + step)
        if step == 0:
            continue  # on the road: in the follow-up queue
        if step == 1:
            follow_up_services.record_follow_up(actor=actor, shipment=shipment, note="承运商:已到中转站,预计明日送达",
                                                eta=today + datetime.timedelta(days=1))
            continue
        if step == 4:
            exception = follow_up_services.register_exception(actor=actor, shipment=shipment, kind="damage",
                                                              description="外箱破损,一台面板划伤",
                                                              handling="拍照留证,联系承运商")
            follow_up_services.record_claim(actor=actor, exception=exception, amount=Decimal("1500.00"))
            if index % 2 == 0:
                follow_up_services.settle_claim(actor=actor, exception=exception, amount=Decimal("1200.00"))
            follow_up_services.register_exception(actor=actor, shipment=shipment, kind="delay",
                                                  description="暴雨封路,延误一天")
            continue
        shipment_services.sign_shipment(actor=actor, shipment=shipment, signed_on=timezone.localdate(
            shipment.dispatched_at) + datetime.timedelta(days=1) if step > 1 else today,
            signer=order.receiver_name or "收货人")
        if step == 3:
            shipment_services.record_receipt(actor=admin_clerk or actor, shipment=shipment, returned_on=today,
                                             note="回单原件已归档")
    _seed_flags()
    _seed_branch_request()
    return {status: Shipment.objects.filter(status=status).count() for status in ShipmentStatus.values}


def _seed_flags() -> None:
    """The order-level check over the partners' orders, and one serial seen outside its partner's territory."""
    for order in Order.objects.filter(partner__isnull=False).exclude(
            status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED]).select_related("partner").order_by("number"):
        flag_services.check_order_territory(order=order, source=FlagSource.ORDER_SUBMITTED)
    serial = (ShippedSerial.objects.filter(shipment__status=ShipmentStatus.DISPATCHED,
                                           shipment__order__partner__isnull=False)
              .select_related("shipment__order__partner").order_by("id").first())
    if serial is not None:
        covered = set(serial.shipment.order.partner.territories.values_list("province_code", flat=True))
        elsewhere = next(code for code in ("440000", "310000", "110000") if code not in covered)
        flag_services.flag_serial_outside_territory(serial_no=serial.serial_no, province_code=elsewhere,
                                                    source=FlagSource.SERVICE_REQUEST, reference="报修登记(演示)")


def _seed_branch_request() -> None:
    clerk = _user("branch_clerk")
    if clerk is None:
        return
    branch = org_selectors.unit_of(clerk)
    while branch is not None and branch.kind != "branch":
        branch = branch.parent
    if branch is None:
        return
    request = branch_services.collect_branch_request(actor=clerk, branch=branch)
    if request.entries.exists() and request.status == "open":
        request = branch_services.submit_branch_request(actor=clerk, request=request)
        hq = _user("hq_clerk")
        if hq is not None:
            branch_services.issue_master_note(actor=hq, request=request)
