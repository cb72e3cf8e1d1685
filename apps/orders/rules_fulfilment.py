"""Pure rules of fulfilment (domain.md §4 窜货, §6 shipment tracking and the branch daily cycle): no ORM here."""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")


def parse_clock(text: str) -> dt.time:
    """'14:00' -> 14:00 (a rule parameter holding a time of day)."""
    hours, _sep, minutes = str(text).strip().partition(":")
    return dt.time(int(hours), int(minutes or 0))


def follow_up_due_at(dispatched_at: dt.datetime, clock: dt.time, *, tz=LOCAL) -> dt.datetime:
    """When logistics CS must start following a shipment: `clock` (default 14:00) on the day after dispatch."""
    next_day = dispatched_at.astimezone(tz).date() + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, clock, tzinfo=tz)


def request_date_for(approved_at: dt.datetime, cutoff: dt.time, is_working_day: Callable[[dt.date], bool], *,
                     tz=LOCAL) -> dt.date:
    """The working day whose branch purchase request carries an order approved at `approved_at`: that day
    when approved on a working day before the cut-off (default 14:00), else the next working day."""
    local = approved_at.astimezone(tz)
    day = local.date()
    if is_working_day(day) and local.time() < cutoff:
        return day
    day += dt.timedelta(days=1)
    for _ in range(366):
        if is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    raise ValueError("No working day within a year")


def within_territory(province_code: str, city_code: str, territories: Iterable[tuple[str, str]]) -> bool:
    """Whether a place lies in a partner's territory: a province row covers the whole province, a city row
    only that city. A place without a province, or a partner without any territory, cannot be judged (True)."""
    rows = list(territories)
    if not province_code or not rows:
        return True
    return any(province == province_code and (not city or city == city_code) for province, city in rows)


def describe_territory(rows: Iterable[tuple[str, str]]) -> str:
    """'广东省, 北京市北京城区' from (province name, city name) pairs."""
    return ", ".join(f"{province}{city}" for province, city in rows)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week containing `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def remaining_to_ship(ordered: Decimal, shipped: Decimal, in_open_shipments: Decimal) -> Decimal:
    """What of an order line may still go into a new shipment."""
    return max(Decimal(ordered) - Decimal(shipped) - Decimal(in_open_shipments), Decimal(0))


def summarise_exceptions(rows: Iterable[dict]) -> dict:
    """A week's transport exceptions by kind: count, open, claimed and settled amounts.

    Each row has kind, status, claim_amount, claim_settled_amount."""
    by_kind: dict[str, dict] = {}
    total = {"count": 0, "open": 0, "claimed": Decimal(0), "settled": Decimal(0)}
    for row in rows:
        bucket = by_kind.setdefault(row["kind"], {"count": 0, "open": 0, "claimed": Decimal(0),
                                                  "settled": Decimal(0)})
        for target in (bucket, total):
            target["count"] += 1
            target["open"] += row["status"] != "closed"
            target["claimed"] += Decimal(row["claim_amount"] or 0)
            target["settled"] += Decimal(row["claim_settled_amount"] or 0)
    return {"by_kind": by_kind, "total": total}
