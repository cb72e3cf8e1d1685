"""Pure return-visit rules: the customer's quiet hours (default 12:00–14:00 and 21:00–09:00, Asia/Shanghai), retry
slots on the working calendar, what an outcome must say, member visit timing, the visit transition table."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from apps.service.visits import rules, workflow
from apps.service.visits.choices import ReturnVisitStatus as S
from apps.service.visits.parameters import VISIT_PARAMETERS
from core.workcal import WorkingCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_QUIET = next(p.default for p in VISIT_PARAMETERS if p.key == "service.visit_quiet_hours")
QUIET = rules.parse_quiet_hours(DEFAULT_QUIET)
OFFICE = WorkingCalendar(weekly_hours={d: [["09:00", "12:00"], ["13:30", "18:00"]]
                                       for d in ("mon", "tue", "wed", "thu", "fri")})


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def moved(moment):
    return rules.out_of_quiet_hours(moment, QUIET, SHANGHAI)


def test_the_default_quiet_hours_are_lunch_and_the_night():
    assert [(dt.time(12), dt.time(14)), (dt.time(21), dt.time(9))] == QUIET


@pytest.mark.parametrize(("moment", "expected"), [
    (at(11, 24, 11, 59), at(11, 24, 11, 59)),  # just before lunch: call now
    (at(11, 24, 12, 0), at(11, 24, 14, 0)),  # exactly 12:00 is quiet
    (at(11, 24, 13, 59), at(11, 24, 14, 0)),
    (at(11, 24, 14, 0), at(11, 24, 14, 0)),  # the window ends at 14:00 (half-open)
    (at(11, 24, 20, 59), at(11, 24, 20, 59)),  # 20:59 is still fine
    (at(11, 24, 21, 0), at(11, 25, 9, 0)),  # the night window crosses midnight
    (at(11, 24, 23, 59), at(11, 25, 9, 0)),
    (at(11, 25, 0, 0), at(11, 25, 9, 0)),
    (at(11, 25, 8, 59), at(11, 25, 9, 0)),
    (at(11, 25, 9, 0), at(11, 25, 9, 0)),
    (at(12, 31, 22, 30), at(1, 1, 9, 0, year=2027)),  # over midnight into a new year
])
def test_a_call_is_moved_out_of_the_quiet_hours(moment, expected):
    assert moved(moment) == expected
    assert rules.in_quiet_hours(moment, QUIET, SHANGHAI) is (moment != expected)


def test_a_utc_moment_is_judged_in_shanghai_time():
    utc_noon_thirty = dt.datetime(2026, 11, 24, 4, 30, tzinfo=dt.UTC)  # 12:30 in Shanghai
    assert moved(utc_noon_thirty) == at(11, 24, 14, 0)
    assert moved(utc_noon_thirty).tzinfo == SHANGHAI


def test_back_to_back_windows_are_all_skipped():
    windows = rules.parse_quiet_hours([["12:00", "14:00"], ["14:00", "15:30"], ["21:00", "09:00"]])
    assert rules.out_of_quiet_hours(at(11, 24, 12, 10), windows, SHANGHAI) == at(11, 24, 15, 30)


def test_a_window_ending_at_midnight_and_an_empty_one():
    windows = rules.parse_quiet_hours([{"from": "22:00", "to": "24:00"}, {"from": "10:00", "to": "10:00"}])
    assert rules.out_of_quiet_hours(at(11, 24, 22, 30), windows, SHANGHAI) == at(11, 25, 0, 0)
    assert rules.out_of_quiet_hours(at(11, 24, 10, 0), windows, SHANGHAI) == at(11, 24, 10, 0)


def test_an_agreed_time_is_kept_even_when_quiet():
    assert rules.planned_call_at(at(11, 24, 12, 30), agreed=True, windows=QUIET, tz=SHANGHAI) == at(11, 24, 12, 30)
    assert rules.planned_call_at(at(11, 24, 12, 30), agreed=False, windows=QUIET, tz=SHANGHAI) == at(11, 24, 14)


def test_a_retry_is_two_working_hours_later_then_out_of_the_quiet_hours():
    assert rules.retry_at(at(11, 24, 9, 30), OFFICE, 2, QUIET, SHANGHAI) == at(11, 24, 11, 30)
    # 10:30 + 2 working hours = 14:00 (lunch 12:00–13:30 is closed), just out of the lunch quiet window
    assert rules.retry_at(at(11, 24, 10, 30), OFFICE, 2, QUIET, SHANGHAI) == at(11, 24, 14, 0)
    # 11:30 + 2 h = 15:00 the same day
    assert rules.retry_at(at(11, 24, 11, 30), OFFICE, 2, QUIET, SHANGHAI) == at(11, 24, 15, 0)
    # a late call on Friday is retried on Monday morning
    assert rules.retry_at(at(11, 27, 17, 0), OFFICE, 2, QUIET, SHANGHAI) == at(11, 30, 10, 0)


def test_the_first_call_of_a_new_visit_waits_for_office_hours_and_the_customers_rest():
    assert rules.first_call_at(at(11, 24, 12, 45), OFFICE, QUIET, SHANGHAI) == at(11, 24, 14, 0)
    assert rules.first_call_at(at(11, 28, 10, 0), OFFICE, QUIET, SHANGHAI) == at(11, 30, 9, 0)  # Saturday


@pytest.mark.parametrize(("outcome", "fields"), [
    (rules.Outcome(reached=True, satisfied=True, score=5), set()),
    (rules.Outcome(reached=False), set()),
    (rules.Outcome(reached=True, satisfied=True, score=6), {"score"}),
    (rules.Outcome(reached=True, satisfied=True, score=0), {"score"}),
    (rules.Outcome(reached=True, satisfied=None, score=None), {"satisfied", "score"}),
    (rules.Outcome(reached=True, satisfied=False, score=2, comment=" "), {"comment"}),
    (rules.Outcome(reached=True, satisfied=False, score=2, comment="上门太慢"), set()),
])
def test_what_a_reached_customer_must_say(outcome, fields):
    if not fields:
        rules.check_outcome(outcome)
        return
    with pytest.raises(ValidationError) as exc:
        rules.check_outcome(outcome)
    assert set(exc.value.message_dict) == fields


def test_the_customer_on_the_link_need_not_explain():
    rules.check_outcome(rules.Outcome(reached=True, satisfied=False, score=1),
                        comment_required_when_unsatisfied=False)


def test_follow_up_when_unsatisfied_or_a_suggestion():
    assert rules.Outcome(reached=True, satisfied=False, score=2).needs_follow_up
    assert rules.Outcome(reached=True, satisfied=True, score=5, suggestions="希望增加视频教程").needs_follow_up
    assert not rules.Outcome(reached=True, satisfied=True, score=5).needs_follow_up
    assert not rules.Outcome(reached=False, suggestions="x").needs_follow_up


def test_the_retry_limit():
    assert not rules.gives_up(2, 3)
    assert rules.gives_up(3, 3)
    assert rules.gives_up(1, 0)  # a limit below one still closes after the first call


def test_a_member_is_visited_once_per_interval():
    now = at(11, 24, 10)
    assert rules.member_visit_wanted(None, False, now, 90)
    assert not rules.member_visit_wanted(now - dt.timedelta(days=89), False, now, 90)
    assert rules.member_visit_wanted(now - dt.timedelta(days=90), False, now, 90)
    assert not rules.member_visit_wanted(None, True, now, 90)
    assert rules.coverage_percent(0, 0) == 100.0
    assert rules.coverage_percent(2, 3) == 66.7


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_visit_transition_table(current, target):
    open_ = {S.PENDING, S.REACHED, S.NOT_REACHED}
    expected = current in open_ and target != S.PENDING
    assert workflow.can_transition(current, target) is expected
