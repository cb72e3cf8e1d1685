"""SLA clock arithmetic over a working calendar: pure functions, no ORM (the services store the results)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.workcal import WEEKDAYS, WorkingCalendar

from .choices import SlaStatus, TargetUnit

# Round-the-clock units count on this calendar whatever the policy's calendar is.
ROUND_THE_CLOCK = WorkingCalendar(weekly_hours={day: [["00:00", "24:00"]] for day in WEEKDAYS},
                                  follows_china_calendar=False, name="7×24")
DAY_UNITS = {TargetUnit.WORKING_DAYS, TargetUnit.DAYS}

Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Target:
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class Clock:
    """A deadline and the moment a share of it (the due-soon warning) has passed."""

    due: dt.datetime | None = None
    warn_at: dt.datetime | None = None


def engine_for_unit(unit: str, calendar: WorkingCalendar) -> WorkingCalendar:
    return calendar if unit in {TargetUnit.WORKING_HOURS, TargetUnit.WORKING_DAYS} else ROUND_THE_CLOCK


def compute_clock(start: dt.datetime, target: Target | None, calendar: WorkingCalendar, paused: list[Span] = (),
                  warn_percent: float = 80) -> Clock:
    """The deadline `target` after `start` on the calendar, moved by the open time of the `paused` spans."""
    if target is None or start is None:
        return Clock()
    engine = engine_for_unit(target.unit, calendar)
    if target.unit in DAY_UNITS:
        base = engine.add_working_days(start, int(target.amount))
        budget = engine.working_time_between(start, base)
    else:
        budget = dt.timedelta(hours=float(target.amount))
        base = engine.add_working_time(start, budget)
    due = engine.add_working_time(start, budget, paused) if paused else base
    warn_at = engine.add_working_time(start, budget * (warn_percent / 100), paused)
    return Clock(due=due, warn_at=warn_at)


def add_target(start: dt.datetime, target: Target | None, calendar: WorkingCalendar) -> dt.datetime | None:
    """`start` plus a target (e.g. the return-visit deadline counted from resolution)."""
    return compute_clock(start, target, calendar).due


def parse_pauses(raw: list) -> list[Span]:
    """Stored pause spans ([[iso, iso], …]) as aware datetimes."""
    return [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in raw or []]


def paused_open_time(calendar: WorkingCalendar, paused: list[Span]) -> dt.timedelta:
    """How much open time the pauses took (shown on the ticket page)."""
    return sum((calendar.working_time_between(a, b) for a, b in paused), dt.timedelta(0))


def status_at(now: dt.datetime, *, paused_at=None, first_response_due=None, first_response_warn_at=None,
              first_responded_at=None, resolution_due=None, resolution_warn_at=None, resolved_at=None) -> str:
    """On track, due soon, breached (an open ticket) or met / breached (a resolved one). A paused ticket's
    status stays as it was when the clock stopped."""
    if resolved_at is not None:
        responded = first_responded_at or resolved_at
        late = (resolution_due is not None and resolved_at > resolution_due) or (
            first_response_due is not None and responded > first_response_due)
        return SlaStatus.BREACHED if late else SlaStatus.MET
    at = paused_at or now
    clocks = [(resolution_due, resolution_warn_at)]
    if first_responded_at is None:
        clocks.append((first_response_due, first_response_warn_at))
    clocks = [(due, warn) for due, warn in clocks if due is not None]
    if any(at >= due for due, _warn in clocks):
        return SlaStatus.BREACHED
    if any(warn is not None and at >= warn for _due, warn in clocks):
        return SlaStatus.DUE_SOON
    return SlaStatus.ON_TRACK
