"""The public pool's clock as a pure rule, with the seed's numbers: A 30, B 15, C 7 days without follow-up,
180 days without a deal, notice 3 days before (no database)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from apps.customers.rules import DEAL, FOLLOW_UP, NOTICE, RECLAIM, PoolRules, pool_decision, reclaim_date

SH = ZoneInfo("Asia/Shanghai")
SEED = PoolRules(days_without_follow_up={"A": 30, "B": 15, "C": 7, "D": 7, "": 7}, days_without_deal=180,
                 notice_days=3)
NOW = datetime.datetime(2026, 11, 25, 2, 0, tzinfo=SH)  # the daily job's run


def days_ago(days: int, hour: int = 16) -> datetime.datetime:
    return datetime.datetime.combine(NOW.date() - datetime.timedelta(days=days), datetime.time(hour), tzinfo=SH)


def decide(grade: str, follow_up_days: int, *, deal_days: int = 10, noticed_days: int | None = None):
    return pool_decision(grade=grade, follow_up_since=days_ago(follow_up_days), deal_since=days_ago(deal_days),
                         noticed_at=None if noticed_days is None else days_ago(noticed_days, hour=2), now=NOW,
                         rules=SEED)


@pytest.mark.parametrize(("grade", "days"), [("A", 30), ("B", 15), ("C", 7), ("D", 7), ("", 7)])
def test_notice_comes_three_days_before_the_grades_limit_and_not_a_day_sooner(grade, days):
    assert decide(grade, days - 4) is None
    notice = decide(grade, days - 3)
    assert (notice.action, notice.rule, notice.days) == (NOTICE, FOLLOW_UP, days)
    assert notice.due_on == NOW.date() + datetime.timedelta(days=3)


@pytest.mark.parametrize(("grade", "days"), [("A", 30), ("B", 15), ("C", 7)])
def test_reclaim_comes_on_exactly_the_grades_day_after_the_notice(grade, days):
    assert decide(grade, days - 1, noticed_days=2) is None
    reclaim = decide(grade, days, noticed_days=3)
    assert (reclaim.action, reclaim.due_on) == (RECLAIM, NOW.date())


def test_days_count_by_calendar_date_whatever_the_hour():
    late_evening = pool_decision(grade="A", follow_up_since=days_ago(30, hour=23), deal_since=days_ago(1),
                                 noticed_at=days_ago(3, hour=2), now=NOW, rules=SEED)
    assert late_evening.action == RECLAIM


def test_no_reclaim_without_the_full_notice_first():
    assert decide("A", 40).action == NOTICE  # never noticed: notice now, not a reclaim
    assert decide("A", 40, noticed_days=2) is None  # noticed two days ago: one more day
    assert decide("A", 40, noticed_days=3).action == RECLAIM


def test_a_follow_up_after_the_notice_starts_a_new_cycle():
    # noticed 5 days ago, but followed up 1 day ago: the old notice no longer counts and nothing is due
    assert decide("C", 1, noticed_days=5) is None
    # followed up 4 days ago after a notice 10 days ago: a fresh notice, not a reclaim
    assert decide("C", 4, noticed_days=10).action == NOTICE


def test_a_long_time_without_a_deal_reclaims_even_a_customer_followed_up_yesterday():
    notice = decide("A", 1, deal_days=177)
    assert (notice.action, notice.rule, notice.days) == (NOTICE, DEAL, 180)
    assert decide("A", 1, deal_days=179, noticed_days=2) is None
    assert decide("A", 1, deal_days=180, noticed_days=3).action == RECLAIM


def test_a_follow_up_does_not_reset_the_deal_clock_notice():
    # noticed for the deal rule 3 days ago; a follow-up yesterday does not cancel it
    assert decide("A", 1, deal_days=180, noticed_days=3).action == RECLAIM


def test_an_unlisted_grade_takes_the_default_days():
    rules = PoolRules(days_without_follow_up={"A": 30, "": 10}, days_without_deal=180, notice_days=3)
    assert rules.follow_up_days("B") == 10
    assert PoolRules({"A": 30, "C": 7}, 180, 3).follow_up_days("") == 7


def test_the_reclaim_date_of_a_customer_under_notice():
    due = reclaim_date(grade="B", follow_up_since=days_ago(13), deal_since=days_ago(1), noticed_at=days_ago(1, 2),
                       rules=SEED)
    assert due.due_on == NOW.date() + datetime.timedelta(days=2)
    late = reclaim_date(grade="B", follow_up_since=days_ago(20), deal_since=days_ago(1), noticed_at=days_ago(0, 2),
                        rules=SEED)
    assert late.due_on == NOW.date() + datetime.timedelta(days=3)
    assert reclaim_date(grade="B", follow_up_since=days_ago(1), deal_since=days_ago(1), noticed_at=days_ago(5, 2),
                        rules=SEED) is None
