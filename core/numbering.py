"""Daily document numbers (SO20261125-0001, T2026112500012, …): one counter row per series and day (core.counters),
so concurrent callers never get the same number; a transaction that rolls back gives its number back with it."""

import datetime

from .counters import increment
from .models import DailyCounter


def next_in_series(series: str, day: datetime.date) -> int:
    """The next number of `series` on `day`: 1 for the day's first."""
    return increment(DailyCounter, "last", {"series": series, "day": day})
