"""Values people and programs type into query strings and forms: ids and days. What no record or day can be is
None, never an exception (a driver's OverflowError, int("²"), a ValidationError of "2026-13-45")."""

import datetime

# The largest key SQLite's INTEGER and PostgreSQL's bigint hold. A bigger number reaches SQLite's driver as an
# OverflowError, so it is refused before any query.
MAX_ID = 2**63 - 1


def parse_id(text) -> int | None:
    """The id in `text`, or None unless it is plain ASCII digits naming a possible key ("²" is a digit to Python
    but not to int())."""
    text = str(text or "")
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_day(text) -> datetime.date | None:
    """The day in `text` (YYYY-MM-DD), or None when it is no real day."""
    text = str(text or "").strip()
    if not text.isascii():
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
