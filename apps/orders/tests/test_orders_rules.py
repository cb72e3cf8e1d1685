"""Order and receivables rules with the seed's numbers: price tier, available credit, aging buckets, and the
delivery promise (7 / 15 working days) across the 2026 Mid-autumn + National Day holidays."""

import datetime
from decimal import Decimal as D

import pytest

from core import calendars
from core.rules import value

from ..rules_orders import (
    CreditPosition,
    add_working_days,
    age_items,
    aging_buckets,
    bucket_for,
    check_credit,
    delivery_promise,
    price_tier_for,
)

d = datetime.date


@pytest.mark.parametrize(("tier", "special", "expected"), [
    ("agent", False, "agent"), ("agent", True, "special_agent"), ("distributor", False, "distributor"),
    ("distributor", True, "special_distributor"), ("trial_distributor", False, "distributor"),
    ("integrator", False, "distributor"), (None, False, "suggested"),
])
def test_price_tier_of_a_partner(tier, special, expected):
    assert price_tier_for(tier, special) == expected


def test_available_credit_is_limit_minus_open_receivables_minus_open_orders():
    position = CreditPosition(limit=D("500000"), open_receivables=D("120000"), open_orders=D("80000"), overdue=D(0))
    assert position.available == D("300000")
    assert tuple(position) == (D("500000"), D("120000"), D("80000"), D(0), D("300000"))
    assert check_credit(position=position, amount=D("300000"), on_credit=True).ok
    held = check_credit(position=position, amount=D("300000.01"), on_credit=True)
    assert (held.ok, held.hold_kind) == (False, "credit")


def test_overdue_items_hold_every_new_order_even_prepaid():
    position = CreditPosition(limit=D("0"), open_receivables=D("5000"), open_orders=D(0), overdue=D("5000"))
    assert check_credit(position=position, amount=D("1"), on_credit=False).hold_kind == "overdue"
    clean = CreditPosition(limit=D("0"), open_receivables=D(0), open_orders=D(0), overdue=D(0))
    assert check_credit(position=clean, amount=D("99999"), on_credit=False).ok


@pytest.mark.django_db
def test_aging_buckets_from_the_seeded_bounds():
    buckets = aging_buckets(value("orders.aging_buckets"))
    assert [b.label for b in buckets] == ["0–30", "31–60", "61–90", ">90"]
    assert [bucket_for(age, buckets).label for age in (0, 30, 31, 60, 61, 90, 91, 400, -3)] == [
        "0–30", "0–30", "31–60", "31–60", "61–90", "61–90", ">90", ">90", "0–30"]
    on = d(2026, 11, 25)
    totals = age_items([(d(2026, 11, 1), D("100")), (d(2026, 10, 1), D("200")), (d(2026, 8, 1), D("300"))], on,
                       buckets)
    assert list(totals.values()) == [D("100"), D("200"), D(0), D("300")]


@pytest.mark.django_db
def test_the_seeded_delivery_numbers_are_7_and_15_working_days():
    assert (value("orders.within_quota_ship_days"), value("orders.beyond_quota_lead_days")) == (7, 15)


@pytest.fixture
def working(db):
    return calendars.get_calendar().is_working_day


def test_working_days_skip_national_day_and_count_the_adjusted_saturday(working):
    # 2026-09-30 is the last working day before the break (Oct 1–7); Saturday Oct 10 is a make-up working day.
    assert add_working_days(d(2026, 9, 29), 1, working) == d(2026, 9, 30)
    assert add_working_days(d(2026, 9, 30), 1, working) == d(2026, 10, 8)
    assert add_working_days(d(2026, 10, 9), 1, working) == d(2026, 10, 10)


def test_within_quota_ships_within_7_working_days_across_national_day(working):
    promise = delivery_promise(placed_on=d(2026, 9, 29), requested=None, within_quota=True, within_days=7,
                               lead_days=15, is_working_day=working)
    # 9/30, 10/8, 10/9, 10/10 (调休), 10/12, 10/13, 10/14
    assert (promise.rule, promise.promised_date, promise.feasible) == ("within_quota", d(2026, 10, 14), True)


def test_within_quota_keeps_a_later_requested_date(working):
    promise = delivery_promise(placed_on=d(2026, 9, 29), requested=d(2026, 11, 2), within_quota=True,
                               within_days=7, lead_days=15, is_working_day=working)
    assert promise.promised_date == d(2026, 11, 2)


def test_beyond_quota_needs_15_working_days_before_the_requested_date(working):
    # 15 working days after 9/29: … 10/14 (7), 10/15, 10/16, 10/19, 10/20, 10/21, 10/22, 10/23, 10/26 (15)
    too_soon = delivery_promise(placed_on=d(2026, 9, 29), requested=d(2026, 10, 20), within_quota=False,
                                within_days=7, lead_days=15, is_working_day=working)
    assert (too_soon.rule, too_soon.feasible, too_soon.promised_date) == ("beyond_quota", False, d(2026, 10, 26))
    assert "2026-10-26" in too_soon.note
    in_time = delivery_promise(placed_on=d(2026, 9, 29), requested=d(2026, 10, 26), within_quota=False,
                               within_days=7, lead_days=15, is_working_day=working)
    assert (in_time.feasible, in_time.promised_date) == (True, d(2026, 10, 26))
