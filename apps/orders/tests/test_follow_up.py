"""Logistics CS: the follow-up queue from 14:00 the day after dispatch, follow-ups, exceptions and claims, and the
weekly exception summary."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from core.testing.helpers import user

from ..choices_fulfilment import ClaimStatus, ExceptionStatus
from ..models import Shipment
from ..selectors import follow_up as selectors
from ..services import follow_up as services
from ..services import shipments as shipment_services
from .fulfilment_factories import partner_a, ready_order, ship

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def _dispatched_at(shipment, when):
    Shipment.objects.filter(pk=shipment.pk).update(dispatched_at=when)


def test_a_shipment_joins_the_queue_at_two_pm_the_day_after_dispatch_and_leaves_when_signed():
    order = ready_order(partner_a(), quantities=(1,), ship_to={"province_code": "110000", "city_code": "110100",
                                                               "receiver_name": "张三",
                                                               "receiver_phone": "+8613812345678"})
    shipment = ship(order)
    _dispatched_at(shipment, dt.datetime(2026, 11, 24, 16, 0, tzinfo=CN))
    logistics = user("warehouse")

    def queued(now):
        return [row.shipment.pk for row in selectors.follow_up_queue_for(logistics, now=now)]

    assert shipment.pk not in queued(dt.datetime(2026, 11, 25, 13, 59, tzinfo=CN))
    assert shipment.pk in queued(dt.datetime(2026, 11, 25, 14, 0, tzinfo=CN))
    row = selectors.follow_up_queue_for(logistics, now=dt.datetime(2026, 11, 26, 9, 0, tzinfo=CN))[0]
    assert row.receiver == "张三" and row.phone == "138****5678"
    assert row.due_at == dt.datetime(2026, 11, 25, 14, 0, tzinfo=CN)
    shipment_services.sign_shipment(actor=logistics, shipment=shipment, signed_on=timezone.localdate(),
                                    signer="张三")
    assert shipment.pk not in queued(dt.datetime(2026, 11, 26, 15, 0, tzinfo=CN))


def test_roles_with_the_right_see_the_full_phone():
    order = ready_order(partner_a(), quantities=(1,), ship_to={"province_code": "110000",
                                                               "receiver_phone": "+8613812345678"})
    shipment = ship(order)
    _dispatched_at(shipment, timezone.now() - dt.timedelta(days=3))
    rows = selectors.follow_up_queue_for(user("marketing_director"))
    assert [r.phone for r in rows if r.shipment.pk == shipment.pk] == ["13812345678"]


def test_a_follow_up_records_the_eta_on_the_shipment():
    shipment = ship(ready_order(partner_a(), quantities=(1,)))
    eta = timezone.localdate() + dt.timedelta(days=2)
    services.record_follow_up(actor=user("warehouse"), shipment=shipment, note="德邦:明日到站", eta=eta)
    shipment.refresh_from_db()
    assert shipment.eta == eta and shipment.last_followed_at is not None
    with pytest.raises(ValidationError):
        services.record_follow_up(actor=user("warehouse"), shipment=shipment, note=" ")


def test_an_exception_is_handled_closed_and_its_claim_settled():
    shipment = ship(ready_order(partner_a(), quantities=(1,)))
    logistics = user("warehouse")
    exception = services.register_exception(actor=logistics, shipment=shipment, kind="damage",
                                             description="外箱破损,面板划伤")
    assert exception.status == ExceptionStatus.OPEN
    with pytest.raises(ValidationError):
        services.update_exception(actor=logistics, exception=exception, status=ExceptionStatus.CLOSED)
    services.record_claim(actor=logistics, exception=exception, amount=Decimal("800"))
    with pytest.raises(ValidationError):
        services.settle_claim(actor=logistics, exception=exception, amount=Decimal("900"))
    exception = services.settle_claim(actor=logistics, exception=exception, amount=Decimal("600"))
    assert exception.claim_status == ClaimStatus.SETTLED and exception.claim_settled_amount == 600
    exception = services.update_exception(actor=logistics, exception=exception, handling="补发面板,承运商赔付",
                                          status=ExceptionStatus.CLOSED)
    assert exception.status == ExceptionStatus.CLOSED and exception.closed_at is not None


def test_the_weekly_summary_counts_last_week_and_tells_the_logistics_leads():
    shipment = ship(ready_order(partner_a(), quantities=(1,)))
    services.register_exception(actor=user("warehouse"), shipment=shipment, kind="delay", description="延误两天")
    services.register_exception(actor=user("warehouse"), shipment=shipment, kind="loss", description="丢失一件")
    today = timezone.localdate()
    summary = selectors.exception_summary(today)
    assert summary["total"]["count"] == 2 and set(summary["by_kind"]) == {"delay", "loss"}
    told = services.send_weekly_exception_summary(on=today + dt.timedelta(days=7))
    assert told >= 1
    note = Notification.objects.filter(recipient=user("warehouse")).latest("id")
    assert ("2" in note.body and "exception-summary" in note.url) or "exceptions" in note.url
