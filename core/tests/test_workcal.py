"""The working-time engine against the real 2025 and 2026 schedules of China's State Council."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from core.workcal import WEEKDAYS, NeverOpenError, WorkingCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE_HOURS = [["09:00", "12:00"], ["13:30", "18:00"]]


def office(**kwargs) -> WorkingCalendar:
    return WorkingCalendar(weekly_hours=dict.fromkeys(WEEKDAYS[:5], OFFICE_HOURS), **kwargs)


def always_open() -> WorkingCalendar:
    return WorkingCalendar(weekly_hours={day: [["00:00", "24:00"]] for day in WEEKDAYS}, follows_china_calendar=False)


def at(year, month, day, hour=0, minute=0, tz=SHANGHAI) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def d(year, month, day) -> dt.date:
    return dt.date(year, month, day)


# -- days ------------------------------------------------------------------------------------------------------

def test_2025_spring_festival_is_off_from_jan_28_to_feb_4_with_its_name():
    calendar = office()
    days = calendar.days(d(2025, 1, 28), d(2025, 2, 4))
    assert [day.is_working_day for day in days] == [False] * 8
    assert {day.reason.code for day in days} == {"statutory_holiday"}
    with translation.override("zh-hans"):
        assert calendar.day(d(2025, 1, 29)).reason.name == "春节"
    with translation.override("en"):
        assert calendar.day(d(2025, 1, 29)).reason.name == "Spring Festival"


def test_2025_spring_festival_adjusted_weekends_jan_26_and_feb_8_are_working_days():
    calendar = office()
    for date in (d(2025, 1, 26), d(2025, 2, 8)):
        day = calendar.day(date)
        assert day.is_working_day
        assert day.reason.code == "adjusted_workday"


def test_2025_national_day_is_off_oct_1_to_8_with_sep_28_and_oct_11_adjusted_workdays():
    calendar = office()
    assert not any(calendar.is_working_day(d(2025, 10, day)) for day in range(1, 9))
    assert calendar.is_working_day(d(2025, 9, 28))
    assert calendar.is_working_day(d(2025, 10, 11))
    assert calendar.is_working_day(d(2025, 10, 9))


def test_2026_spring_festival_feb_15_to_23_off_with_feb_14_and_feb_28_adjusted_workdays():
    calendar = office()
    assert not any(calendar.is_working_day(d(2026, 2, day)) for day in range(15, 24))
    assert calendar.day(d(2026, 2, 14)).reason.code == "adjusted_workday"
    assert calendar.day(d(2026, 2, 28)).reason.code == "adjusted_workday"


def test_2026_national_day_oct_1_to_7_off_with_sep_20_and_oct_10_adjusted_workdays():
    calendar = office()
    assert not any(calendar.is_working_day(d(2026, 10, day)) for day in range(1, 8))
    assert calendar.is_working_day(d(2026, 9, 20))
    assert calendar.is_working_day(d(2026, 10, 10))


def test_plain_weekend_and_weekday_reasons():
    calendar = office()
    assert calendar.day(d(2025, 3, 1)).reason.code == "weekend"
    assert calendar.day(d(2025, 3, 3)).reason.code == "workday"
    assert calendar.day(d(2025, 3, 3)).reason.label


def test_company_days_override_official_days_which_override_the_library():
    calendar = office(official_days=[(d(2025, 1, 28), True, "补班")],
                      extra_days=[(d(2025, 1, 29), True, "值班"), (d(2025, 3, 3), False, "公司年会")])
    assert calendar.day(d(2025, 1, 28)).reason.code == "official_workday"
    assert calendar.day(d(2025, 1, 29)).reason.code == "company_workday"
    assert calendar.day(d(2025, 1, 29)).reason.name == "值班"
    assert not calendar.is_working_day(d(2025, 3, 3))
    assert calendar.day(d(2025, 3, 3)).reason.code == "company_holiday"


def test_a_calendar_not_following_china_ignores_holidays_and_official_days():
    hotline = WorkingCalendar(weekly_hours={day: [["07:30", "21:30"]] for day in WEEKDAYS},
                              follows_china_calendar=False, official_days=[(d(2025, 3, 3), False, "x")])
    assert hotline.is_working_day(d(2025, 1, 29))
    assert hotline.is_working_day(d(2025, 3, 3))
    assert hotline.warnings(d(2027, 1, 1), d(2027, 12, 31)) == []


def test_2027_falls_back_to_weekends_and_official_days_with_a_warning():
    calendar = office(official_days=[(d(2027, 2, 8), False, "春节"), (d(2027, 2, 20), True, "春节调休")])
    assert calendar.is_working_day(d(2027, 2, 5))  # Friday, no library data
    assert not calendar.is_working_day(d(2027, 2, 6))  # Saturday
    assert calendar.day(d(2027, 2, 8)).reason.code == "official_holiday"
    assert calendar.day(d(2027, 2, 20)).reason.code == "official_workday"
    warnings = calendar.warnings(d(2026, 12, 1), d(2027, 1, 31))
    assert len(warnings) == 1 and "2027" in warnings[0]
    assert calendar.warnings(d(2026, 1, 1), d(2026, 12, 31)) == []


# -- adding working days ---------------------------------------------------------------------------------------

def test_adding_working_days_keeps_the_clock_time_and_skips_the_weekend():
    assert office().add_working_days(at(2025, 3, 7, 10), 1) == at(2025, 3, 10, 10)


def test_adding_working_days_across_2025_spring_festival_uses_the_adjusted_workdays():
    calendar = office()
    # Fri 1/24 → Sun 1/26 (调休) → Mon 1/27 → [1/28–2/4 off] → Wed 2/5.
    assert calendar.add_working_days(at(2025, 1, 24, 10), 1) == at(2025, 1, 26, 10)
    assert calendar.add_working_days(at(2025, 1, 24, 10), 3) == at(2025, 2, 5, 10)


def test_adding_working_days_across_2025_national_day():
    # Fri 9/26 → Sun 9/28 (调休) → Mon 9/29 → Tue 9/30 → [10/1–10/8 off] → Thu 10/9.
    assert office().add_working_days(at(2025, 9, 26, 15), 4) == at(2025, 10, 9, 15)


def test_adding_working_days_across_2026_national_day():
    # Wed 9/30 → [10/1–10/7 off] → Thu 10/8 → Fri 10/9 → Sat 10/10 (调休).
    assert office().add_working_days(at(2026, 9, 30, 9, 30), 3) == at(2026, 10, 10, 9, 30)


def test_adding_working_days_to_a_time_outside_the_windows_moves_to_the_next_opening():
    calendar = office()
    assert calendar.add_working_days(at(2025, 3, 4, 12, 30), 1) == at(2025, 3, 5, 13, 30)
    assert calendar.add_working_days(at(2025, 3, 7, 20), 1) == at(2025, 3, 11, 9)


def test_adding_working_days_to_a_closing_time_stays_on_the_closing_time():
    assert office().add_working_days(at(2025, 3, 7, 18), 1) == at(2025, 3, 10, 18)


def test_adding_zero_working_days_gives_the_next_open_moment():
    assert office().add_working_days(at(2025, 3, 8, 10), 0) == at(2025, 3, 10, 9)


# -- adding open time ------------------------------------------------------------------------------------------

def test_adding_hours_counts_open_time_only_and_skips_the_lunch_break():
    assert office().add_working_hours(at(2025, 3, 3, 11), 2) == at(2025, 3, 3, 14, 30)


def test_adding_hours_that_end_exactly_at_closing_time_stays_at_closing_time():
    calendar = office()
    assert calendar.add_working_hours(at(2025, 3, 3, 17), 1) == at(2025, 3, 3, 18)
    assert calendar.add_working_hours(at(2025, 3, 3, 11), 1) == at(2025, 3, 3, 12)


def test_adding_hours_across_2026_spring_festival_skips_the_holiday_and_works_the_adjusted_saturday():
    # Fri 2/13 17:00–18:00 is 1h, Sat 2/14 (调休) has 7.5h, 2/15–2/23 are off, so 9.5h ends Tue 2/24 10:00.
    calendar = office()
    assert calendar.add_working_hours(at(2026, 2, 13, 17), 2) == at(2026, 2, 14, 10)
    assert calendar.add_working_hours(at(2026, 2, 13, 17), 9.5) == at(2026, 2, 24, 10)


def test_adding_minutes_from_outside_the_windows_starts_at_the_next_opening():
    assert office().add_working_time(at(2025, 3, 3, 7), dt.timedelta(minutes=30)) == at(2025, 3, 3, 9, 30)


def test_results_are_in_the_calendars_time_zone_for_any_aware_input():
    start = at(2025, 3, 3, 1, tz=dt.UTC)  # 09:00 in Shanghai
    result = office().add_working_hours(start, 1)
    assert result == at(2025, 3, 3, 10)
    assert result.utcoffset() == dt.timedelta(hours=8)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        office().add_working_hours(dt.datetime(2025, 3, 3, 9), 1)


def test_seven_by_twenty_four_counts_every_hour_even_on_holidays():
    assert always_open().add_working_hours(at(2025, 1, 28, 23), 2) == at(2025, 1, 29, 1)


def test_working_time_between_counts_only_open_time():
    calendar = office()
    assert calendar.working_time_between(at(2025, 3, 3, 11), at(2025, 3, 3, 14, 30)) == dt.timedelta(hours=2)
    assert calendar.working_time_between(at(2025, 3, 7, 17), at(2025, 3, 10, 10)) == dt.timedelta(hours=2)
    assert calendar.working_time_between(at(2025, 3, 10, 10), at(2025, 3, 7, 17)) == -dt.timedelta(hours=2)


def test_next_open_is_the_instant_itself_when_open_else_the_next_window():
    calendar = office()
    assert calendar.next_open(at(2025, 3, 3, 10)) == at(2025, 3, 3, 10)
    assert calendar.next_open(at(2025, 3, 3, 12)) == at(2025, 3, 3, 13, 30)
    assert calendar.next_open(at(2025, 1, 27, 18)) == at(2025, 2, 5, 9)


# -- paused spans ----------------------------------------------------------------------------------------------

def test_paused_spans_are_removed_from_the_clock():
    paused = [(at(2025, 3, 3, 10), at(2025, 3, 3, 11))]
    calendar = office()
    assert calendar.add_working_hours(at(2025, 3, 3, 9), 2, paused) == at(2025, 3, 3, 12)
    assert calendar.working_time_between(at(2025, 3, 3, 9), at(2025, 3, 3, 12), paused) == dt.timedelta(hours=2)


def test_overlapping_paused_spans_and_pauses_across_closed_time_count_once():
    paused = [(at(2025, 3, 3, 17), at(2025, 3, 4, 10)), (at(2025, 3, 4, 9, 30), at(2025, 3, 4, 10, 30))]
    # Mon 16:00 +1h: 16:00–17:00 open; 17:00 → Tue 10:30 paused; lands exactly on 17:00.
    assert office().add_working_hours(at(2025, 3, 3, 16), 1, paused) == at(2025, 3, 3, 17)
    assert office().add_working_hours(at(2025, 3, 3, 16), 2, paused) == at(2025, 3, 4, 11, 30)


def test_next_open_skips_a_paused_span():
    paused = [(at(2025, 3, 3, 9), at(2025, 3, 3, 12))]
    assert office().next_open(at(2025, 3, 3, 9), paused) == at(2025, 3, 3, 13, 30)


# -- guards ----------------------------------------------------------------------------------------------------

def test_a_calendar_without_open_time_raises_instead_of_looping():
    closed = WorkingCalendar(weekly_hours={}, follows_china_calendar=False)
    with pytest.raises(NeverOpenError):
        closed.add_working_hours(at(2025, 3, 3), 1)
    with pytest.raises(NeverOpenError):
        closed.add_working_days(at(2025, 3, 3), 1)
    assert closed.working_time_between(at(2025, 3, 3), at(2025, 4, 3)) == dt.timedelta(0)


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        office().add_working_days(at(2025, 3, 3), -1)
    with pytest.raises(ValueError):
        office().add_working_time(at(2025, 3, 3), dt.timedelta(hours=-1))


def test_adding_a_year_of_hours_stays_fast():
    start = at(2025, 1, 2, 9)
    result = office().add_working_hours(start, 7.5 * 250)
    assert dt.date(2025, 12, 1) < result.date() < dt.date(2026, 2, 1)


def test_open_time_is_real_elapsed_time_across_a_daylight_saving_change():
    berlin = ZoneInfo("Europe/Berlin")
    calendar = WorkingCalendar(weekly_hours={day: [["00:00", "24:00"]] for day in WEEKDAYS},
                               timezone="Europe/Berlin", follows_china_calendar=False)
    # Clocks jump from 02:00 to 03:00 on 2025-03-30, so three real hours after 00:30 is 04:30.
    assert calendar.add_working_hours(at(2025, 3, 30, 0, 30, tz=berlin), 3) == at(2025, 3, 30, 4, 30, tz=berlin)
