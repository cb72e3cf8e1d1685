"""Daily document numbers (SO20261125-0001, T2026112500012, …): one counter row per series and day, bumped by a
single UPDATE … RETURNING in the caller's transaction. On PostgreSQL the row stays locked until that transaction
ends and SQLite holds its write lock, so concurrent callers never get the same number; a transaction that rolls back
gives its number back with it."""

import datetime

from django.db import IntegrityError, connection, transaction

from .models import DailyCounter


def _bump(series: str, day: datetime.date) -> int | None:
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE series = %s AND day = %s RETURNING last",
                       [series, connection.ops.adapt_datefield_value(day)])
        row = cursor.fetchone()
    return row[0] if row else None


def next_in_series(series: str, day: datetime.date) -> int:
    """The next number of `series` on `day`: 1 for the day's first."""
    drawn = _bump(series, day)
    if drawn is not None:
        return drawn
    try:
        with transaction.atomic():
            DailyCounter.objects.create(series=series, day=day, last=1)
        return 1
    except IntegrityError:  # another transaction drew the day's first number at the same moment
        return _bump(series, day)
