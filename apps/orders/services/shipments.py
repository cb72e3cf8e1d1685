"""Shipments (发货单): pick from a ready order, dispatch (stock issued, invoice posted), sign-off (签收), 回单.

Every change ends with `orders.on_shipment_changed`, which moves the order along its fulfilment chain.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import services as catalog_services
from core.models import Attachment
from core.numbering import next_in_series

from .. import rules_fulfilment as rules
from .. import workflow_shipments as workflow
from ..access_fulfilment import SHIPPABLE_ORDER_STATUSES
from ..choices_fulfilment import FlagSource, ShipmentStatus
from ..models import Order, OrderLine, Shipment, ShipmentLine, ShippedSerial
from . import flags as flag_services
from . import orders as order_services
from . import receivables as receivable_services

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_RECEIPT_BYTES = 20 * 1024 * 1024
RECEIPT_KIND = "return_receipt"


class ShipmentConflict(ValidationError):
    """The shipment's (or its order's) state does not allow the action; the API answers 409."""


def next_number(kind: str, day: datetime.date) -> str:
    """SH20261125-0001 (shipments), PR… (branch requests), DN… (delivery notes), from core's daily counters."""
    return f"{kind}{day:%Y%m%d}-{next_in_series(kind, day):04d}"


def _line_error(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({"lines": ValidationError(message, code=code)})


def _in_open_shipments(line: OrderLine, *, excluding: Shipment | None = None) -> Decimal:
    """Quantity of a line in shipments being picked (not yet dispatched)."""
    rows = ShipmentLine.objects.filter(order_line=line, shipment__status=ShipmentStatus.DRAFT)
    if excluding is not None:
        rows = rows.exclude(shipment=excluding)
    return rows.aggregate(total=Sum("quantity"))["total"] or ZERO


def remaining_for(line: OrderLine) -> Decimal:
    """What of an order line may still go into a new shipment."""
    return rules.remaining_to_ship(line.quantity, line.shipped_quantity, _in_open_shipments(line))


def _clean_serials(line: OrderLine, quantity: Decimal, serials) -> list[str]:
    serials = [str(s).strip() for s in (serials or []) if str(s).strip()]
    product = line.product
    if not product.is_serial_tracked:
        if serials:
            raise _line_error(_("%(product)s is not serial-tracked; leave its serial numbers empty.")
                              % {"product": product.name})
        return []
    if Decimal(len(serials)) != quantity:
        raise _line_error(_("%(product)s is serial-tracked: enter one serial number per unit (%(quantity)s).")
                          % {"product": product.name, "quantity": f"{quantity.normalize():f}"}, "serials_missing")
    if len(set(serials)) != len(serials):
        raise _line_error(_("A serial number is entered twice."), "serial_repeated")
    taken = ShippedSerial.objects.filter(product=product, serial_no__in=serials).exclude(
        shipment__status=ShipmentStatus.CANCELLED).values_list("serial_no", flat=True)
    if taken:
        raise _line_error(_("Serial number %(serial)s has already been shipped.") % {"serial": sorted(taken)[0]},
                          "serial_taken")
    return serials


def _check_lines(order: Order, lines: list[dict]) -> list[tuple[OrderLine, Decimal, list[str]]]:
    if not lines:
        raise ValidationError({"lines": _("Add at least one line with a quantity to ship.")})
    own = {line.pk: line for line in order.lines.select_related("product")}
    checked, seen = [], set()
    for row in lines:
        line = row["order_line"]
        line_id = getattr(line, "pk", line)
        if line_id not in own:
            raise ValidationError({"lines": _("A line does not belong to order %(number)s.")
                                   % {"number": order.number}})
        if line_id in seen:
            raise ValidationError({"lines": _("Each order line may appear once in a shipment.")})
        seen.add(line_id)
        line, quantity = own[line_id], Decimal(row["quantity"])
        if quantity <= 0:
            continue
        left = remaining_for(line)
        if quantity > left:
            raise _line_error(_("Only %(left)s of %(product)s remain to be shipped.")
                              % {"left": f"{left.normalize():f}", "product": line.product.name}, "over_remaining")
        checked.append((line, quantity, _clean_serials(line, quantity, row.get("serial_numbers"))))
    if not checked:
        raise ValidationError({"lines": _("Add at least one line with a quantity to ship.")})
    return checked


@transaction.atomic
def create_shipment(*, actor, order: Order, lines: list[dict], warehouse=None, carrier: str = "",
                    tracking_number: str = "", urgent: bool = False, note: str = "") -> Shipment:
    """Start a shipment (being picked) of part or all of a ready order; lines are {order_line, quantity,
    serial_numbers}, each at most what remains to ship."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in SHIPPABLE_ORDER_STATUSES:
        raise ShipmentConflict(_("Order %(number)s is %(status)s; only orders ready to ship can be shipped.")
                               % {"number": order.number, "status": order.get_status_display()},
                               code="order_not_ready")
    warehouse = warehouse or order.warehouse
    if warehouse is None:
        raise ValidationError({"warehouse": _("Choose the warehouse the goods leave from.")})
    if not warehouse.is_active:
        raise ValidationError({"warehouse": _("%(name)s is closed.") % {"name": warehouse.name}})
    checked = _check_lines(order, lines)
    today = timezone.localdate()
    shipment = Shipment.objects.create(
        number=next_number("SH", today), order=order, warehouse=warehouse, carrier=carrier.strip(),
        tracking_number=tracking_number.strip(), urgent=urgent, note=note.strip(), created_by=actor,
        updated_by=actor)
    total = ZERO
    for line, quantity, serials in checked:
        amount = (quantity * line.unit_price).quantize(CENT)
        row = ShipmentLine.objects.create(shipment=shipment, order_line=line, product=line.product,
                                          quantity=quantity, unit_price=line.unit_price, amount=amount,
                                          serial_numbers=serials)
        ShippedSerial.objects.bulk_create([ShippedSerial(serial_no=s, product=line.product, shipment=shipment,
                                                         line=row) for s in serials])
        total += amount
    shipment.amount = total
    shipment.save(update_fields=["amount"])
    return shipment


def _issue_line(*, actor, shipment: Shipment, row: ShipmentLine) -> None:
    """Book one line out: the order line's shipped quantity goes up (never past the ordered quantity), its
    reservation is consumed, and the stock leaves the warehouse."""
    quantity, line, order = row.quantity, row.order_line, shipment.order
    if not OrderLine.objects.filter(pk=line.pk, shipped_quantity__lte=F("quantity") - quantity).update(
            shipped_quantity=F("shipped_quantity") + quantity):
        raise ShipmentConflict(_("%(product)s on order %(number)s has already been shipped in full.")
                               % {"product": row.product.name, "number": order.number}, code="over_shipped")
    line.refresh_from_db(fields=["reserved_quantity"])
    from_reserved = min(quantity, line.reserved_quantity)
    if from_reserved > 0:
        OrderLine.objects.filter(pk=line.pk, reserved_quantity__gte=from_reserved).update(
            reserved_quantity=F("reserved_quantity") - from_reserved)
    reserved_at = order.warehouse or shipment.warehouse
    common = {"actor": actor, "product": row.product, "reference": shipment.number, "reference_object": shipment}
    if from_reserved > 0 and reserved_at.pk == shipment.warehouse_id:
        catalog_services.issue_reserved(warehouse=shipment.warehouse, quantity=from_reserved, **common)
    elif from_reserved > 0:
        # Shipped from another warehouse than the one holding the reservation: give that back, issue here.
        catalog_services.release_reservation(warehouse=reserved_at, quantity=from_reserved, **common)
        catalog_services.issue_stock(warehouse=shipment.warehouse, quantity=from_reserved, **common)
    if quantity > from_reserved:
        catalog_services.issue_stock(warehouse=shipment.warehouse, quantity=quantity - from_reserved, **common)


@transaction.atomic
def dispatch_shipment(*, actor, shipment: Shipment, carrier: str | None = None, tracking_number: str | None = None,
                      dispatched_at: datetime.datetime | None = None) -> Shipment:
    """The goods leave (发货): stock issued from the reservation, the invoice posted, the order moved on."""
    shipment = Shipment.objects.select_related("order", "warehouse").get(pk=shipment.pk)
    if carrier is not None:
        shipment.carrier = carrier.strip()
    if tracking_number is not None:
        shipment.tracking_number = tracking_number.strip()
    errors = {}
    if not shipment.carrier:
        errors["carrier"] = _("Enter the carrier.")
    if not shipment.tracking_number:
        errors["tracking_number"] = _("Enter the tracking number.")
    if errors:
        raise ValidationError(errors)
    _guard(shipment, ShipmentStatus.DISPATCHED)
    if shipment.order.status not in SHIPPABLE_ORDER_STATUSES:
        raise ShipmentConflict(_("Order %(number)s is %(status)s and cannot be shipped.")
                               % {"number": shipment.order.number, "status": shipment.order.get_status_display()},
                               code="order_not_ready")
    # Claim the shipment with a conditional UPDATE: a second dispatch of the same shipment finds no row.
    if not Shipment.objects.filter(pk=shipment.pk, status=ShipmentStatus.DRAFT).update(
            status=ShipmentStatus.DISPATCHED):
        raise ShipmentConflict(_("Shipment %(number)s has already been dispatched.") % {"number": shipment.number},
                               code="invalid_transition")
    for row in shipment.lines.select_related("order_line", "product"):
        _issue_line(actor=actor, shipment=shipment, row=row)
    shipment.status = ShipmentStatus.DISPATCHED
    shipment.dispatched_at = dispatched_at or timezone.now()
    shipment.dispatched_by = actor
    shipment.updated_by = actor
    shipment.save(update_fields=["status", "carrier", "tracking_number", "dispatched_at", "dispatched_by",
                                 "updated_by", "updated_at"])
    order = shipment.order
    receivable_services.post_invoice(actor=actor, order=order, amount=shipment.amount,
                                     on=timezone.localdate(shipment.dispatched_at), reference=shipment.number,
                                     shipment=shipment)
    flag_services.check_order_territory(order=order, source=FlagSource.SHIPMENT_DISPATCHED, shipment=shipment)
    order_services.on_shipment_changed(actor=actor, order=order)
    return shipment


def _guard(shipment: Shipment, target: str) -> None:
    if not workflow.can_transition(shipment.status, target):
        raise ShipmentConflict(_("Shipment %(number)s is %(status)s; that is not possible now.")
                               % {"number": shipment.number, "status": shipment.get_status_display()},
                               code="invalid_transition")


def _check_day(value: datetime.date, shipment: Shipment, field: str, not_before: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if value < not_before:
        raise ValidationError({field: _("The date cannot be before %(day)s.") % {"day": f"{not_before:%Y-%m-%d}"}})


@transaction.atomic
def sign_shipment(*, actor, shipment: Shipment, signed_on: datetime.date, signer: str, note: str = "") -> Shipment:
    """Record the receiver's sign-off (签收): the date and who signed."""
    shipment = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
    _guard(shipment, ShipmentStatus.SIGNED)
    if not signer.strip():
        raise ValidationError({"signer": _("Enter who signed for the goods.")})
    _check_day(signed_on, shipment, "signed_on", timezone.localdate(shipment.dispatched_at))
    workflow.transition(shipment, ShipmentStatus.SIGNED)
    shipment.signed_on, shipment.signed_by_name, shipment.sign_note = signed_on, signer.strip(), note.strip()
    shipment.updated_by = actor
    shipment.save(update_fields=["status", "signed_on", "signed_by_name", "sign_note", "updated_by", "updated_at"])
    order_services.on_shipment_changed(actor=actor, order=shipment.order)
    return shipment


def _attach_receipt(*, actor, shipment: Shipment, upload) -> Attachment:
    from django.contrib.contenttypes.models import ContentType

    if upload.size > MAX_RECEIPT_BYTES:
        raise ValidationError({"attachment": _("Files up to 20 MB can be attached.")})
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Shipment), object_id=shipment.pk, file=upload,
        name=upload.name[-200:], kind=RECEIPT_KIND, size=upload.size, uploaded_by=actor)


@transaction.atomic
def record_receipt(*, actor, shipment: Shipment, returned_on: datetime.date, received_by: str = "", note: str = "",
                   attachment=None) -> Shipment:
    """Record the return receipt (回单) — the signed delivery note is back: the basis for settlement."""
    shipment = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
    _guard(shipment, ShipmentStatus.RECEIPT_RETURNED)
    _check_day(returned_on, shipment, "returned_on", shipment.signed_on)
    workflow.transition(shipment, ShipmentStatus.RECEIPT_RETURNED)
    shipment.receipt_returned_on = returned_on
    shipment.receipt_received_by = (received_by.strip() or _name_of(actor))[:60]
    shipment.receipt_note = note.strip()
    shipment.updated_by = actor
    shipment.save(update_fields=["status", "receipt_returned_on", "receipt_received_by", "receipt_note",
                                 "updated_by", "updated_at"])
    if attachment:
        _attach_receipt(actor=actor, shipment=shipment, upload=attachment)
    order_services.on_shipment_changed(actor=actor, order=shipment.order)
    return shipment


def _name_of(user) -> str:
    employee = getattr(user, "employee", None)
    return getattr(employee, "name", "") or user.get_full_name() or user.get_username()


@transaction.atomic
def cancel_shipment(*, actor, shipment: Shipment, reason: str) -> Shipment:
    """Drop a shipment still being picked; its quantities go back to what remains to ship."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    _guard(shipment, ShipmentStatus.CANCELLED)
    # The same conditional UPDATE as dispatch: of a racing dispatch and cancel, exactly one wins.
    if not Shipment.objects.filter(pk=shipment.pk, status=ShipmentStatus.DRAFT).update(
            status=ShipmentStatus.CANCELLED):
        raise ShipmentConflict(_("Shipment %(number)s has already been dispatched.") % {"number": shipment.number},
                               code="invalid_transition")
    shipment.status = ShipmentStatus.CANCELLED
    shipment.cancelled_at, shipment.cancel_reason = timezone.now(), reason.strip()[:300]
    shipment.updated_by = actor
    shipment.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_by", "updated_at"])
    shipment.serials.all().delete()
    return shipment
