"""Test helpers for time: aware Shanghai datetimes and a frozen `timezone.now()`."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@contextmanager
def frozen(moment: dt.datetime):
    """Make `django.utils.timezone.now()` answer `moment` inside the block."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
