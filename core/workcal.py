"""Working-time engine: which days are working days and how open time adds up. Built from plain data, no ORM.

A day's status, highest precedence first: the calendar's company extra days, official days entered by admins,
China's official calendar (the `chinesecalendar` package: statutory holidays off, adjusted weekends 调休 on),
then the weekly hours (a weekday with no windows is closed). Open windows are half-open [start, end) intervals;
arithmetic runs in UTC so daylight-saving time zones add up correctly, and results are in the calendar's zone.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import islice
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A calendar closed this long is treated as never open, so a bad setup raises instead of looping forever.
MAX_CLOSED_DAYS = 800
ONE_DAY = dt.timedelta(days=1)

REASON_LABELS = {
    "workday": _("Working day"),
    "weekend": _("Weekend"),
    "closed": pgettext_lazy("calendar day", "Closed"),
    "statutory_holiday": _("Statutory holiday"),
    "adjusted_workday": _("Adjusted working day (调休)"),
    "official_holiday": _("Official holiday (entered by admin)"),
    "official_workday": _("Official working day (entered by admin)"),
    "company_holiday": _("Company holiday"),
    "company_workday": _("Company working day"),
}

Span = tuple[dt.datetime, dt.datetime]
SpecialDay = tuple[dt.date, bool, str]  # (date, is_working_day, name)


class NeverOpenError(ValueError):
    """The calendar has no open time in the searched range."""


@dataclass(frozen=True)
class DayReason:
    """Why a day is (not) a working day: a stable code and, for holidays and special days, their name."""

    code: str
    name: str = ""

    @property
    def label(self) -> str:
        """The translated kind of day, e.g. "Statutory holiday"."""
        return str(REASON_LABELS[self.code])


@dataclass(frozen=True)
class Day:
    """One date's status on a calendar."""

    date: dt.date
    is_working_day: bool
    reason: DayReason


@cache
def china_calendar_covers(year: int) -> bool:
    """Whether the installed chinesecalendar package knows `year`'s holidays."""
    try:
        chinese_calendar.get_holiday_detail(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _holiday_name(english: str) -> str:
    holiday = chinese_calendar.Holiday(english)
    return holiday.chinese if (get_language() or "zh").startswith("zh") else english


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return value.astimezone(dt.UTC)


def _merged(paused: Iterable[Span]) -> list[Span]:
    spans: list[Span] = []
    for start, end in sorted((_aware_utc(a), _aware_utc(b)) for a, b in paused):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        elif start < end:
            spans.append((start, end))
    return spans


def _minus(pieces: Iterable[Span], paused: list[Span]) -> Iterator[Span]:
    """`pieces` (ascending) with the `paused` spans cut out."""
    first = 0
    for start, end in pieces:
        while first < len(paused) and paused[first][1] <= start:
            first += 1
        cursor = start
        for pause_start, pause_end in islice(paused, first, None):
            if pause_start >= end:
                break
            if pause_start > cursor:
                yield cursor, pause_start
            cursor = max(cursor, pause_end)
        if cursor < end:
            yield cursor, end


class WorkingCalendar:
    """One calendar's working days and business hours, with date and open-time arithmetic."""

    def __init__(self, *, weekly_hours: Mapping[str, list], timezone: str = "Asia/Shanghai",
                 follows_china_calendar: bool = True, official_days: Iterable[SpecialDay] = (),
                 extra_days: Iterable[SpecialDay] = (), name: str = "", calendar_id: int | None = None):
        self.id = calendar_id
        self.name = name
        self.tz = ZoneInfo(timezone)
        self.follows_china_calendar = follows_china_calendar
        self._windows = [[(_minutes(a), _minutes(b)) for a, b in weekly_hours.get(key) or []] for key in WEEKDAYS]
        # A working day whose weekday has no hours (调休 Sunday, company working Saturday) keeps the first
        # weekday's hours, the company's standard day.
        self._standard = next((w for w in self._windows if w), [])
        self._official = {d: (working, name) for d, working, name in official_days}
        self._extra = {d: (working, name) for d, working, name in extra_days}
        # Per-date memos: an engine is built from fixed data, and SLA clocks ask about the same few dates for
        # thousands of tickets (chinesecalendar's lookup alone costs tens of microseconds a date).
        self._working: dict[dt.date, bool] = {}
        self._utc: dict[dt.date, list[Span]] = {}

    # -- days ------------------------------------------------------------------------------------------------

    def day(self, date: dt.date) -> Day:
        """The date's status and the reason for it."""
        if date in self._extra:
            working, name = self._extra[date]
            return Day(date, working, DayReason("company_workday" if working else "company_holiday", name))
        official = self._official_day(date) if self.follows_china_calendar else None
        if official is not None:
            return official
        if self._windows[date.weekday()]:
            return Day(date, True, DayReason("workday"))
        return Day(date, False, DayReason("weekend" if date.weekday() >= 5 else "closed"))

    def _official_day(self, date: dt.date) -> Day | None:
        if date in self._official:
            working, name = self._official[date]
            return Day(date, working, DayReason("official_workday" if working else "official_holiday", name))
        if not china_calendar_covers(date.year):
            return None
        is_holiday, holiday = chinese_calendar.get_holiday_detail(date)
        if holiday is None:
            return None
        code = "statutory_holiday" if is_holiday else "adjusted_workday"
        return Day(date, not is_holiday, DayReason(code, _holiday_name(holiday)))

    def is_working_day(self, date: dt.date) -> bool:
        """Whether the date is a working day on this calendar."""
        working = self._working.get(date)
        if working is None:
            working = self._working[date] = self.day(date).is_working_day
        return working

    def days(self, first: dt.date, last: dt.date) -> list[Day]:
        """Every date from `first` to `last` inclusive, with its status."""
        return [self.day(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]

    def warnings(self, first: dt.date, last: dt.date) -> list[str]:
        """Messages for years in the range whose official holidays the package does not know."""
        if not self.follows_china_calendar:
            return []
        return [
            gettext("China's official holidays for %(year)s are not in the holiday library: only weekends, "
                    "official days entered by administrators and company days apply.") % {"year": year}
            for year in range(first.year, last.year + 1) if not china_calendar_covers(year)
        ]

    # -- open time -------------------------------------------------------------------------------------------

    def windows(self, date: dt.date) -> list[Span]:
        """The open windows of one date as aware datetimes in the calendar's time zone."""
        return [(a.astimezone(self.tz), b.astimezone(self.tz)) for a, b in self._utc_windows(date)]

    def _utc_windows(self, date: dt.date) -> list[Span]:
        """The date's open windows in UTC (memoised; callers must not change the list)."""
        found = self._utc.get(date)
        if found is None:
            found = self._utc[date] = self._compute_utc_windows(date)
        return found

    def _compute_utc_windows(self, date: dt.date) -> list[Span]:
        if not self.is_working_day(date):
            return []
        midnight = dt.datetime.combine(date, dt.time.min, tzinfo=self.tz)
        windows = self._windows[date.weekday()] or self._standard
        return [((midnight + dt.timedelta(minutes=a)).astimezone(dt.UTC),
                 (midnight + dt.timedelta(minutes=b)).astimezone(dt.UTC)) for a, b in windows]

    def _open_from(self, instant: dt.datetime, until: dt.datetime | None = None) -> Iterator[Span]:
        """Open spans (UTC) from `instant` on, in order; up to `until` or, without it, for ever."""
        date = instant.astimezone(self.tz).date()
        last = until.astimezone(self.tz).date() if until is not None else None
        closed_days = 0
        while last is None or date <= last:
            spans = [(max(a, instant), b) for a, b in self._utc_windows(date) if b > instant]
            yield from spans
            closed_days = 0 if spans else closed_days + 1
            if until is None and closed_days > MAX_CLOSED_DAYS:
                raise NeverOpenError(f"calendar {self.name!r} has no open time after {instant.isoformat()}")
            date += ONE_DAY

    def _pieces(self, start: dt.datetime, paused: Iterable[Span], until: dt.datetime | None = None):
        return _minus(self._open_from(start, until), _merged(paused))

    def next_open(self, instant: dt.datetime, paused: Iterable[Span] = ()) -> dt.datetime:
        """The first open moment at or after `instant` (itself when open)."""
        start, _end = next(self._pieces(_aware_utc(instant), paused))
        return start.astimezone(self.tz)

    def add_working_time(self, start: dt.datetime, delta: dt.timedelta,
                         paused: Iterable[Span] = ()) -> dt.datetime:
        """`start` plus `delta` of open time; a result on a closing time stays there."""
        if delta < dt.timedelta(0):
            raise ValueError("working time to add must not be negative")
        start_utc = _aware_utc(start)
        remaining = delta
        if not remaining:
            return start_utc.astimezone(self.tz)
        for piece_start, piece_end in self._pieces(start_utc, paused):
            if remaining <= piece_end - piece_start:
                return (piece_start + remaining).astimezone(self.tz)
            remaining -= piece_end - piece_start

    def add_working_hours(self, start: dt.datetime, hours: float, paused: Iterable[Span] = ()) -> dt.datetime:
        """`start` plus `hours` of open time."""
        return self.add_working_time(start, dt.timedelta(hours=float(hours)), paused)

    def working_time_between(self, a: dt.datetime, b: dt.datetime, paused: Iterable[Span] = ()) -> dt.timedelta:
        """Open time from `a` to `b` (negative when `b` is earlier)."""
        a, b = _aware_utc(a), _aware_utc(b)
        if b < a:
            return -self.working_time_between(b, a, paused)
        total = dt.timedelta(0)
        for start, end in self._pieces(a, paused, until=b):
            if start >= b:
                break
            total += min(end, b) - start
        return total

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The same clock time on the `days`-th following working day, moved to the next open moment if closed."""
        if days < 0:
            raise ValueError("working days to add must not be negative")
        local = _aware_utc(start).astimezone(self.tz)
        date, closed_days = local.date(), 0
        while days:
            date += ONE_DAY
            if self.is_working_day(date):
                days, closed_days = days - 1, 0
                continue
            closed_days += 1
            if closed_days > MAX_CLOSED_DAYS:
                raise NeverOpenError(f"calendar {self.name!r} has no working day after {date}")
        return self._settle(dt.datetime.combine(date, local.time(), tzinfo=self.tz).astimezone(dt.UTC))

    def _settle(self, instant: dt.datetime) -> dt.datetime:
        """`instant` if open or exactly on a closing time, else the next open moment."""
        date = instant.astimezone(self.tz).date()
        closings = {end for day in (date - ONE_DAY, date) for _start, end in self._utc_windows(day)}
        return instant.astimezone(self.tz) if instant in closings else self.next_open(instant)
