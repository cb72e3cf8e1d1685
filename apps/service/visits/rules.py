"""Pure rules of return visits: the customer's quiet hours, retry slots, the outcome a visit may record, member
visit coverage. No ORM: the numbers arrive as arguments (read from the dated parameters by the services)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Window = tuple[dt.time, dt.time]
SCORES = range(1, 6)


def _clock(text: str) -> dt.time:
    hours, minutes = (int(part) for part in str(text).strip().split(":"))
    return dt.time(0, 0) if hours == 24 and minutes == 0 else dt.time(hours, minutes)


def parse_quiet_hours(rows) -> list[Window]:
    """The parameter's rows ([{"from": "12:00", "to": "14:00"}, …] or [["12:00", "14:00"], …]) as time pairs;
    a window whose end is not after its start runs over midnight (21:00–09:00)."""
    windows = []
    for row in rows or []:
        start, end = (row.get("from"), row.get("to")) if isinstance(row, dict) else row
        windows.append((_clock(start), _clock(end)))
    return windows


def _quiet_until(local: dt.datetime, windows: list[Window]) -> dt.datetime | None:
    """When the quiet window holding `local` ends, or None when `local` is not in one. Windows are half-open:
    quiet from the start minute up to (not including) the end."""
    clock, tz = local.time().replace(tzinfo=None), local.tzinfo
    for start, end in windows:
        if start == end:
            continue
        if start < end and start <= clock < end:
            return dt.datetime.combine(local.date(), end, tzinfo=tz)
        if start > end and clock >= start:
            return dt.datetime.combine(local.date() + dt.timedelta(days=1), end, tzinfo=tz)
        if start > end and clock < end:
            return dt.datetime.combine(local.date(), end, tzinfo=tz)
    return None


def in_quiet_hours(moment: dt.datetime, windows: list[Window], tz: ZoneInfo) -> bool:
    """Whether a call at `moment` would fall into the customer's rest time."""
    return _quiet_until(moment.astimezone(tz), windows) is not None


def out_of_quiet_hours(moment: dt.datetime, windows: list[Window], tz: ZoneInfo) -> dt.datetime:
    """`moment` itself when the customer may be called then, else the end of the quiet window (repeated, so
    back-to-back windows are all skipped). The result is in `tz`."""
    local = moment.astimezone(tz)
    for _step in range(len(windows) + 1):
        until = _quiet_until(local, windows)
        if until is None:
            return local
        local = until
    return local


def first_call_at(now: dt.datetime, calendar, windows: list[Window], tz: ZoneInfo) -> dt.datetime:
    """When a new visit is planned: the calendar's next open moment, moved out of the quiet hours."""
    return out_of_quiet_hours(calendar.next_open(now), windows, tz)


def retry_at(now: dt.datetime, calendar, hours: float, windows: list[Window], tz: ZoneInfo) -> dt.datetime:
    """The next try after the customer was not reached: `hours` working hours later on the calendar, then out of
    the quiet hours."""
    return out_of_quiet_hours(calendar.add_working_hours(now, hours), windows, tz)


def planned_call_at(wanted: dt.datetime, *, agreed: bool, windows: list[Window], tz: ZoneInfo) -> dt.datetime:
    """A time the agent picks: kept as is when the customer agreed it, else moved out of the quiet hours."""
    return wanted.astimezone(tz) if agreed else out_of_quiet_hours(wanted, windows, tz)


@dataclass(frozen=True)
class Outcome:
    """What one call (or the customer's answer on the satisfaction link) records."""

    reached: bool
    satisfied: bool | None = None
    score: int | None = None
    comment: str = ""
    suggestions: str = ""

    @property
    def needs_follow_up(self) -> bool:
        """Unsatisfied, or a suggestion given: the findings go to the responsible department."""
        return self.reached and (self.satisfied is False or bool(self.suggestions.strip()))


def check_outcome(outcome: Outcome, *, comment_required_when_unsatisfied: bool = True) -> None:
    """Raise ValidationError naming each field that does not fit: a reached customer says satisfied or not and
    gives a score of 1–5; an unsatisfied one says why (the reason the ticket is reopened)."""
    if not outcome.reached:
        return
    errors = {}
    if outcome.satisfied is None:
        errors["satisfied"] = [_("Say whether the customer is satisfied.")]
    if outcome.score is None:
        errors["score"] = [_("Give the customer's score (1–5).")]
    elif isinstance(outcome.score, bool) or outcome.score not in SCORES:
        errors["score"] = [_("The score is a whole number from 1 to 5.")]
    if outcome.satisfied is False and comment_required_when_unsatisfied and not outcome.comment.strip():
        errors["comment"] = [_("Write down why the customer is not satisfied.")]
    if errors:
        raise ValidationError(errors, code="invalid")


def gives_up(attempts_made: int, max_attempts: int) -> bool:
    """Whether a visit whose `attempts_made` calls all failed is closed as unreachable."""
    return attempts_made >= max(1, max_attempts)


def member_visit_wanted(last_visit_at: dt.datetime | None, has_open_visit: bool, now: dt.datetime,
                        interval_days: int) -> bool:
    """A member is due a periodic visit when none is open and the last one was planned `interval_days` ago or
    longer (or never)."""
    if has_open_visit:
        return False
    return last_visit_at is None or now - last_visit_at >= dt.timedelta(days=interval_days)


def coverage_percent(covered: int, members: int) -> float:
    """The share of member customers visited (or with a visit planned) in the current interval; 100 with none."""
    return 100.0 if members == 0 else round(100.0 * covered / members, 1)
