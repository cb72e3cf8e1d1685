"""Order and receivables rules over plain data (domain.md §4, §5, §6): price tier of a partner, available credit,
aging buckets and the delivery promise. No ORM here; callers load the parameters and pass them in."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_cny

from .choices import DeliveryRule

ZERO = Decimal("0")

# -- price tier ----------------------------------------------------------------------------------------------------

# Which catalogue price tier a partner buys at (domain.md §5): agents at the agent price, every dealer below them at
# the distributor price; the partner's "special" flag selects the special column of the same level. Customers that
# are not active partners buy at the suggested market price.
AGENT_LEVEL = {"agent"}
SUGGESTED_TIER = "suggested"


def price_tier_for(partner_tier: str | None, special: bool = False) -> str:
    """The catalog PriceTier code for a partner tier (None or "" = not a partner)."""
    if not partner_tier:
        return SUGGESTED_TIER
    if partner_tier in AGENT_LEVEL:
        return "special_agent" if special else "agent"
    return "special_distributor" if special else "distributor"


# -- credit ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditPosition:
    """limit − open receivables − open orders = available (never below zero is *not* enforced: it shows the gap)."""

    limit: Decimal
    open_receivables: Decimal
    open_orders: Decimal
    overdue: Decimal

    @property
    def available(self) -> Decimal:
        return self.limit - self.open_receivables - self.open_orders

    def __iter__(self):
        return iter((self.limit, self.open_receivables, self.open_orders, self.overdue, self.available))


@dataclass(frozen=True)
class CreditCheck:
    ok: bool
    hold_kind: str = ""
    reason: str = ""


def check_credit(*, position: CreditPosition, amount: Decimal, on_credit: bool) -> CreditCheck:
    """Overdue items hold every new order; a credit order must also fit in the available credit (domain.md §6)."""
    if position.overdue > 0:
        return CreditCheck(False, "overdue", _("Overdue receivables of %(amount)s must be paid first.") % {
            "amount": format_cny(position.overdue)})
    if on_credit and amount > position.available:
        return CreditCheck(False, "credit", _(
            "Over the credit limit: the order needs %(amount)s, available credit is %(available)s "
            "(limit %(limit)s − open receivables %(open)s − open orders %(orders)s).") % {
            "amount": format_cny(amount), "available": format_cny(position.available),
            "limit": format_cny(position.limit), "open": format_cny(position.open_receivables),
            "orders": format_cny(position.open_orders)})
    return CreditCheck(True)


# -- aging ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    low: int  # days past the document date, inclusive
    high: int | None  # inclusive; None = open-ended


def aging_buckets(bounds: Sequence[int]) -> list[Bucket]:
    """Buckets from upper bounds, e.g. [30, 60, 90] → 0–30, 31–60, 61–90, >90 days."""
    buckets, low = [], 0
    for high in sorted(int(b) for b in bounds):
        buckets.append(Bucket(f"d{low}_{high}", f"{low}–{high}", low, high))
        low = high + 1
    buckets.append(Bucket(f"d{low}_plus", f">{low - 1}", low, None))
    return buckets


def bucket_for(age_days: int, buckets: Sequence[Bucket]) -> Bucket:
    """The bucket of a document `age_days` old (a future-dated one counts as 0 days)."""
    age = max(age_days, 0)
    for bucket in buckets:
        if bucket.high is None or age <= bucket.high:
            return bucket
    return buckets[-1]


def age_items(items: Sequence[tuple[datetime.date, Decimal]], on: datetime.date,
              buckets: Sequence[Bucket]) -> dict[str, Decimal]:
    """Sum open amounts (dated by the document date) into the buckets."""
    totals = {b.key: ZERO for b in buckets}
    for dated, amount in items:
        totals[bucket_for((on - dated).days, buckets).key] += amount
    return totals


# -- delivery promise (交货, domain.md §4) ----------------------------------------------------------------------------


def add_working_days(start: datetime.date, days: int, is_working_day: Callable[[datetime.date], bool]) -> datetime.date:
    """The `days`-th working day after `start` (start itself not counted)."""
    day, left = start, days
    for _n in range(days * 10 + 60):
        if left <= 0:
            return day
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


@dataclass(frozen=True)
class DeliveryPromise:
    rule: str
    promised_date: datetime.date
    note: str
    feasible: bool = True


def delivery_promise(*, placed_on: datetime.date, requested: datetime.date | None, within_quota: bool,
                     within_days: int, lead_days: int,
                     is_working_day: Callable[[datetime.date], bool]) -> DeliveryPromise:
    """Within the quota: ship within `within_days` working days of placing (or on the requested date if later).
    Beyond it: the order must be placed `lead_days` working days before the requested date, else the earliest
    date it can be delivered is given."""
    if within_quota:
        by = add_working_days(placed_on, within_days, is_working_day)
        if requested and requested > by:
            return DeliveryPromise(DeliveryRule.WITHIN_QUOTA, requested, _(
                "Within quota: ships for the requested date %(date)s.") % {"date": requested.isoformat()})
        return DeliveryPromise(DeliveryRule.WITHIN_QUOTA, by, _(
            "Within quota: ships within %(days)d working days, by %(date)s.") % {
            "days": within_days, "date": by.isoformat()})
    earliest = add_working_days(placed_on, lead_days, is_working_day)
    if requested and requested >= earliest:
        return DeliveryPromise(DeliveryRule.BEYOND_QUOTA, requested, _(
            "Beyond quota: placed %(days)d working days ahead, ships for the requested date %(date)s.") % {
            "days": lead_days, "date": requested.isoformat()})
    return DeliveryPromise(DeliveryRule.BEYOND_QUOTA, earliest, _(
        "Beyond quota: must be placed %(days)d working days before delivery; the earliest possible date is "
        "%(date)s.") % {"days": lead_days, "date": earliest.isoformat()}, feasible=False)
