"""Document numbers of orders and receivables (SO20261125-0001, INV…, CN…, PAY…) from core's daily counters."""

import datetime

from core.numbering import next_in_series


def next_order_number(day: datetime.date) -> str:
    return f"SO{day:%Y%m%d}-{next_in_series('SO', day):04d}"


def next_ar_number(prefix: str, day: datetime.date) -> str:
    """INV / CN / PAY numbers, e.g. INV20261125-0003."""
    return f"{prefix}{day:%Y%m%d}-{next_in_series(prefix, day):04d}"
