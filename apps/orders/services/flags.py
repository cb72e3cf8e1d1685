"""窜货 detection (domain.md §4): goods of a partner seen outside its authorised territory go to a review queue.

Two ways in: an order's ship-to (checked at submission by the order service and again at dispatch), and
`flag_serial_outside_territory`, the public hook the service desk and after-sales call when a serial number that
was shipped to one partner is registered or serviced somewhere else.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import divisions

from .. import rules_fulfilment as rules
from ..choices_fulfilment import FlagOutcome, FlagSource, ShipmentStatus
from ..models import CrossTerritoryFlag, Order, Shipment, ShippedSerial

SERIAL_SOURCES = {FlagSource.SERIAL_REGISTERED, FlagSource.SERVICE_REQUEST}


def _territory_rows(partner) -> list[dict]:
    return list(partner.territories.values("province_code", "city_code", "province", "city"))


def _outside(partner, province_code: str, city_code: str) -> tuple[bool, str]:
    rows = _territory_rows(partner)
    inside = rules.within_territory(province_code, city_code, [(r["province_code"], r["city_code"]) for r in rows])
    return not inside, rules.describe_territory((r["province"], r["city"]) for r in rows)


def check_order_territory(*, order: Order, source: str = FlagSource.ORDER_SUBMITTED,
                          shipment: Shipment | None = None) -> CrossTerritoryFlag | None:
    """Flag a partner's order shipped to a place outside the partner's territory (once per order)."""
    partner = order.partner
    if partner is None:
        return None
    outside, territory = _outside(partner, order.ship_to_province_code, order.ship_to_city_code)
    if not outside:
        return None
    existing = CrossTerritoryFlag.objects.filter(order=order).first()
    if existing is not None:
        return existing
    return CrossTerritoryFlag.objects.create(
        partner=partner, source=source, order=order, shipment=shipment, reference=order.number,
        province_code=order.ship_to_province_code, province=order.ship_to_province or divisions.name(
            order.ship_to_province_code), city_code=order.ship_to_city_code,
        city=order.ship_to_city or divisions.name(order.ship_to_city_code) if order.ship_to_city_code else "",
        territory=territory[:300], detected_at=timezone.now())


def flag_serial_outside_territory(*, serial_no: str, province_code: str, city_code: str = "",
                                  source: str = FlagSource.SERIAL_REGISTERED,
                                  reference: str = "") -> CrossTerritoryFlag | None:
    """A serial number was registered or serviced at a place (province / city code): flag it when it was shipped
    to a partner whose territory does not cover that place. Returns the flag (an earlier one for the same serial,
    source and reference is returned again), or None when nothing is suspicious or the serial is unknown."""
    if source not in SERIAL_SOURCES:
        raise ValueError(f"source must be one of {sorted(SERIAL_SOURCES)}")
    serial_no = (serial_no or "").strip()
    shipped = (ShippedSerial.objects.filter(serial_no=serial_no, shipment__status__in=[
        ShipmentStatus.DISPATCHED, ShipmentStatus.SIGNED, ShipmentStatus.RECEIPT_RETURNED])
        .select_related("shipment__order__partner").order_by("-shipment__dispatched_at", "-id").first())
    if not serial_no or shipped is None or shipped.shipment.order.partner is None:
        return None
    partner = shipped.shipment.order.partner
    outside, territory = _outside(partner, province_code, city_code)
    if not outside:
        return None
    with transaction.atomic():
        existing = CrossTerritoryFlag.objects.filter(serial_no=serial_no, source=source, reference=reference).first()
        if existing is not None:
            return existing
        return CrossTerritoryFlag.objects.create(
            partner=partner, source=source, order=shipped.shipment.order, shipment=shipped.shipment,
            serial_no=serial_no, reference=reference[:120], province_code=province_code,
            province=divisions.name(province_code), city_code=city_code or "",
            city=divisions.name(city_code) if city_code else "", territory=territory[:300],
            detected_at=timezone.now())


@transaction.atomic
def review_flag(*, actor, flag: CrossTerritoryFlag, outcome: str, note: str) -> CrossTerritoryFlag:
    """The reviewer's decision (allowed / warned / penalised) with the reason; a later review corrects it."""
    if outcome not in FlagOutcome.values:
        raise ValidationError({"outcome": _("Choose allowed, warned or penalised.")})
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for the decision.")})
    flag = CrossTerritoryFlag.objects.select_for_update().get(pk=flag.pk)
    flag.outcome, flag.review_note = outcome, note.strip()[:500]
    flag.reviewed_at, flag.reviewed_by, flag.updated_by = timezone.now(), actor, actor
    flag.save(update_fields=["outcome", "review_note", "reviewed_at", "reviewed_by", "updated_by", "updated_at"])
    return flag
