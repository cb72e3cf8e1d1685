"""The pure rules of statements, rebates and returns with the seed's numbers (27th, 90 days, 80 %, agent tiers)."""

import datetime
from decimal import Decimal

import pytest

from apps.orders import rules
from apps.orders.choices import ReturnOutcome
from apps.orders.parameters import PARAMETERS

D = datetime.date
SEED = {p.key: p.default for p in PARAMETERS}
ALL_GOOD = rules.Inspection(unsold=True, unsoiled=True, packaging_intact=True, undamaged=True)


def weekdays_only(day: datetime.date) -> bool:
    return day.weekday() < 5


def test_seed_numbers_are_the_domain_defaults():
    assert SEED["orders.statement_cutoff_day"] == 27
    assert SEED["orders.return_window_days"] == 90
    assert SEED["orders.return_within_quota_rate"] == 80
    assert SEED["orders.rebate_tiers"]["agent"] == [[1000000, 2], [3000000, 3], [5000000, 4]]


def test_statement_period_runs_from_the_day_after_the_previous_cutoff_to_the_27th():
    assert rules.statement_period(D(2026, 11, 27), 27) == (D(2026, 10, 28), D(2026, 11, 27))
    assert rules.statement_period(D(2026, 1, 27), 27) == (D(2025, 12, 28), D(2026, 1, 27))


def test_cutoff_on_the_last_day_when_a_month_is_shorter():
    assert rules.cutoff_in(2026, 2, 30) == D(2026, 2, 28)
    assert rules.statement_period(D(2026, 3, 30), 30) == (D(2026, 3, 1), D(2026, 3, 30))


def test_latest_cutoff():
    assert rules.latest_cutoff(D(2026, 11, 27), 27) == D(2026, 11, 27)
    assert rules.latest_cutoff(D(2026, 11, 26), 27) == D(2026, 10, 27)
    assert rules.latest_cutoff(D(2026, 1, 5), 27) == D(2025, 12, 27)


def test_a_27th_on_a_weekend_stays_the_cutoff_and_statements_are_issued_on_the_next_working_day():
    # 2026-06-27 is a Saturday: the period still ends on the 27th, the statements go out on Monday the 29th.
    assert D(2026, 6, 27).weekday() == 5
    assert rules.statement_period(D(2026, 6, 27), 27)[1] == D(2026, 6, 27)
    assert rules.issue_date(D(2026, 6, 27), weekdays_only) == D(2026, 6, 29)
    # Five working days counting the issue day: Mon 29 … Fri 3 July.
    assert rules.confirm_due(D(2026, 6, 27), 5, weekdays_only) == D(2026, 7, 3)


def test_a_27th_on_a_working_day_issues_the_next_day():
    assert D(2026, 11, 27).weekday() == 4  # Friday → issued Monday 30th
    assert rules.issue_date(D(2026, 11, 27), weekdays_only) == D(2026, 11, 30)
    assert rules.issue_date(D(2026, 10, 27), weekdays_only) == D(2026, 10, 28)


def test_statement_arithmetic():
    totals = rules.StatementTotals(opening=Decimal("1000"), shipments=Decimal("96000"), returns=Decimal("9600"),
                                   payments=Decimal("50000"), rebates=Decimal("2000"), other=Decimal("0"))
    assert totals.closing == Decimal("35400")


@pytest.mark.parametrize(("volume", "rate", "amount"), [
    ("999999.99", "0", "0.00"), ("1000000", "2", "20000.00"), ("2999999", "2", "59999.98"),
    ("3000000", "3", "90000.00"), ("5000000", "4", "200000.00"), ("8000000", "4", "320000.00"),
])
def test_agent_rebate_tiers(volume, rate, amount):
    assert rules.rebate_amount(Decimal(volume), SEED["orders.rebate_tiers"]["agent"]) == (Decimal(rate),
                                                                                      Decimal(amount))


def test_distributor_tiers_are_lower_and_trial_distributors_earn_none():
    tiers = SEED["orders.rebate_tiers"]
    assert rules.rebate_rate(Decimal("1000000"), tiers["distributor"]) == Decimal("1.5")
    assert rules.rebate_rate(Decimal("9000000"), tiers["trial_distributor"]) == 0


def _decide(**overrides):
    args = {"inspection": ALL_GOOD, "beyond_quota": True, "shipped_on": D(2026, 9, 1), "requested_on": D(2026, 10, 1),
            "window_days": SEED["orders.return_window_days"],
            "within_quota_rate": Decimal(SEED["orders.return_within_quota_rate"]), "amount": Decimal("96000")}
    return rules.decide_return(**{**args, **overrides})


def test_beyond_quota_goods_in_good_order_within_90_days_are_credited_in_full():
    decision = _decide()
    assert (decision.outcome, decision.rate, decision.credit) == (ReturnOutcome.FULL, 100, Decimal("96000.00"))


def test_within_quota_goods_are_credited_at_80_percent():
    decision = _decide(beyond_quota=False)
    assert (decision.outcome, decision.credit) == (ReturnOutcome.DISCOUNTED, Decimal("76800.00"))


def test_day_90_is_still_inside_the_window_day_91_is_not():
    assert _decide(requested_on=D(2026, 9, 1) + datetime.timedelta(days=90)).outcome == ReturnOutcome.FULL
    late = _decide(requested_on=D(2026, 9, 1) + datetime.timedelta(days=91))
    assert late.outcome == ReturnOutcome.REJECTED and "90" in late.reason and late.credit == 0


@pytest.mark.parametrize("failed", ["unsold", "unsoiled", "packaging_intact", "undamaged"])
def test_any_failed_condition_rejects_and_says_which(failed):
    inspection = rules.Inspection(**{**ALL_GOOD.__dict__, failed: False})
    decision = _decide(inspection=inspection, beyond_quota=False)
    assert decision.outcome == ReturnOutcome.REJECTED and decision.credit == 0
    assert decision.reason


def test_never_shipped_goods_cannot_come_back():
    assert _decide(shipped_on=None).outcome == ReturnOutcome.REJECTED


def test_period_bounds():
    assert rules.period_bounds("month", D(2026, 2, 10)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert rules.period_bounds("quarter", D(2026, 11, 25)) == (D(2026, 10, 1), D(2026, 12, 31))
    assert rules.period_bounds("year", D(2026, 5, 5)) == (D(2026, 1, 1), D(2026, 12, 31))
    assert rules.attainment_percent(Decimal("50"), Decimal("200")) == Decimal("25.0")
    assert rules.attainment_percent(Decimal("50"), Decimal("0")) is None
