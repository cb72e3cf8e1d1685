"""窜货 detection: an order shipped outside the partner's territory, and a serial number seen elsewhere later."""

import pytest
from django.core.exceptions import ValidationError

from core.testing.helpers import user

from ..choices_fulfilment import FlagOutcome, FlagSource
from ..models import CrossTerritoryFlag
from ..services import flags as services
from .fulfilment_factories import GUANGZHOU, partner_a, ready_order, ship

pytestmark = pytest.mark.django_db
TO_GUANGZHOU = {"province_code": GUANGZHOU["province_code"], "city_code": GUANGZHOU["city_code"],
                "address": "天河路 1 号", "receiver_name": "李四", "receiver_phone": "13900001111"}


def test_an_order_shipped_outside_the_partners_territory_is_flagged_once():
    order = ready_order(partner_a(), quantities=(1, 1), ship_to=TO_GUANGZHOU)
    first = ship(order, {1: 1, 2: 0})
    ship(order)
    flags = CrossTerritoryFlag.objects.filter(order=order)
    assert flags.count() == 1
    flag = flags.get()
    assert flag.partner == order.partner and flag.province == "广东省" and flag.province_code == "440000"
    assert flag.territory == "北京市" and flag.outcome == ""
    assert flag.source in {FlagSource.ORDER_SUBMITTED, FlagSource.SHIPMENT_DISPATCHED}
    assert flag.shipment in {None, first}


def test_an_order_inside_the_territory_is_not_flagged():
    order = ready_order(partner_a(), quantities=(1,))
    ship(order)
    assert services.check_order_territory(order=order) is None
    assert not CrossTerritoryFlag.objects.filter(partner=order.partner).exists()


def test_a_serial_registered_in_another_territory_is_flagged_through_the_hook():
    order = ready_order(partner_a(), quantities=(1,))
    shipment = ship(order, serial_prefix="HOOK")
    kwargs = {"serial_no": "HOOK0001", "source": FlagSource.SERVICE_REQUEST, "reference": "T20261125-0001"}
    assert services.flag_serial_outside_territory(province_code="110000", city_code="110100", **kwargs) is None
    flag = services.flag_serial_outside_territory(province_code="440000", city_code="440300", **kwargs)
    assert flag is not None and flag.serial_no == "HOOK0001" and flag.shipment == shipment
    assert flag.partner == order.partner and flag.city == "深圳市"
    # the same report again gives the same flag; an unknown serial gives none
    assert services.flag_serial_outside_territory(province_code="440000", city_code="440300", **kwargs) == flag
    assert services.flag_serial_outside_territory(serial_no="NOPE", province_code="440000",
                                                  source=FlagSource.SERIAL_REGISTERED) is None


def test_the_reviewer_records_the_outcome_with_a_reason():
    order = ready_order(partner_a(), quantities=(1,), ship_to=TO_GUANGZHOU)
    ship(order)
    flag = CrossTerritoryFlag.objects.get(order=order)
    with pytest.raises(ValidationError):
        services.review_flag(actor=user("department_manager"), flag=flag, outcome=FlagOutcome.WARNED, note="")
    flag = services.review_flag(actor=user("department_manager"), flag=flag, outcome=FlagOutcome.WARNED,
                                note="首次,书面警告")
    assert flag.outcome == FlagOutcome.WARNED and flag.reviewed_by == user("department_manager")
