"""Pure fulfilment rules with the seed's numbers: follow-up from 14:00 the day after dispatch, the 14:00 branch
cut-off rolling to the next working day (across the National Day holiday), territory coverage, week bounds."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from .. import rules_fulfilment as rules
from .. import workflow_shipments as workflow
from ..choices_fulfilment import ShipmentStatus as S

CN = ZoneInfo("Asia/Shanghai")
TWO_PM = dt.time(14, 0)
# 2026: National Day holiday 1–7 October; Saturday 10 October is a make-up working day.
HOLIDAY = {dt.date(2026, 10, d) for d in range(1, 8)}
MAKE_UP = {dt.date(2026, 10, 10)}


def working(day: dt.date) -> bool:
    return day in MAKE_UP or (day.weekday() < 5 and day not in HOLIDAY)


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=CN)


def test_parse_clock_reads_the_parameter_text():
    assert rules.parse_clock("14:00") == TWO_PM
    assert rules.parse_clock("9") == dt.time(9, 0)


@pytest.mark.parametrize(("dispatched", "due"), [
    (at(2026, 11, 24, 9), at(2026, 11, 25, 14)),
    (at(2026, 11, 24, 23, 59), at(2026, 11, 25, 14)),
    # dispatched 00:30 Beijing time = the previous evening in UTC: still the Beijing day counts
    (dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.UTC), at(2026, 11, 26, 14)),
])
def test_follow_up_is_due_at_two_pm_the_day_after_dispatch(dispatched, due):
    assert rules.follow_up_due_at(dispatched, TWO_PM) == due


@pytest.mark.parametrize(("approved", "request_day"), [
    (at(2026, 11, 25, 13, 59), dt.date(2026, 11, 25)),   # before the cut-off: today's request
    (at(2026, 11, 25, 14, 0), dt.date(2026, 11, 26)),    # at the cut-off: the next working day
    (at(2026, 11, 27, 15, 0), dt.date(2026, 11, 30)),    # Friday afternoon → Monday
    (at(2026, 11, 28, 10, 0), dt.date(2026, 11, 30)),    # Saturday → Monday
    (at(2026, 9, 30, 14, 30), dt.date(2026, 10, 8)),     # eve of National Day → after the holiday
    (at(2026, 10, 3, 9, 0), dt.date(2026, 10, 8)),       # during the holiday
    (at(2026, 10, 9, 16, 0), dt.date(2026, 10, 10)),     # make-up Saturday is a working day
])
def test_orders_after_the_cut_off_go_to_the_next_working_days_request(approved, request_day):
    assert rules.request_date_for(approved, TWO_PM, working) == request_day


@pytest.mark.parametrize(("province", "city", "territories", "inside"), [
    ("110000", "110100", [("110000", "")], True),
    ("440000", "440100", [("110000", "")], False),
    ("440000", "440300", [("440000", "440100")], False),  # city territory: Shenzhen is outside Guangzhou
    ("440000", "440100", [("440000", "440100")], True),
    ("440000", "440100", [("110000", ""), ("440000", "")], True),
    ("", "", [("110000", "")], True),       # no ship-to province: cannot be judged
    ("440000", "440100", [], True),           # no territory authorised: cannot be judged
])
def test_territory_coverage(province, city, territories, inside):
    assert rules.within_territory(province, city, territories) is inside


def test_week_and_remaining_and_summary():
    assert rules.week_of(dt.date(2026, 11, 25)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert rules.remaining_to_ship(Decimal(5), Decimal(2), Decimal(1)) == 2
    assert rules.remaining_to_ship(Decimal(5), Decimal(5), Decimal(1)) == 0
    summary = rules.summarise_exceptions([
        {"kind": "damage", "status": "closed", "claim_amount": Decimal("500"), "claim_settled_amount": Decimal("400")},
        {"kind": "damage", "status": "open", "claim_amount": Decimal("0"), "claim_settled_amount": Decimal("0")},
        {"kind": "delay", "status": "handling", "claim_amount": None, "claim_settled_amount": None},
    ])
    assert summary["by_kind"]["damage"] == {"count": 2, "open": 1, "claimed": Decimal(500), "settled": Decimal(400)}
    assert summary["total"]["count"] == 3 and summary["total"]["open"] == 2


@pytest.mark.parametrize(("current", "target", "allowed"), [
    (S.DRAFT, S.DISPATCHED, True), (S.DRAFT, S.CANCELLED, True), (S.DRAFT, S.SIGNED, False),
    (S.DISPATCHED, S.SIGNED, True), (S.DISPATCHED, S.CANCELLED, False), (S.DISPATCHED, S.RECEIPT_RETURNED, False),
    (S.SIGNED, S.RECEIPT_RETURNED, True), (S.SIGNED, S.DISPATCHED, False),
    (S.RECEIPT_RETURNED, S.SIGNED, False), (S.CANCELLED, S.DRAFT, False),
])
def test_shipment_transition_table(current, target, allowed):
    assert workflow.can_transition(current, target) is allowed
