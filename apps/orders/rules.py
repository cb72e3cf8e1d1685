"""Order-to-cash rules over plain data (domain.md §3, §4, §6): no ORM here, so each rule is tested with the seed's
numbers. Callers load the parameters (`core.rules.value`) and pass them in."""

import calendar
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .choices import PlanPeriod, ReturnOutcome

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# -- plan periods ------------------------------------------------------------------------------------------------


def period_bounds(kind: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month, quarter or year containing `on`: (first day, last day)."""
    if kind == PlanPeriod.MONTH:
        first_month, months = on.month, 1
    elif kind == PlanPeriod.QUARTER:
        first_month, months = 3 * ((on.month - 1) // 3) + 1, 3
    else:
        first_month, months = 1, 12
    last_month = first_month + months - 1
    return (datetime.date(on.year, first_month, 1),
            datetime.date(on.year, last_month, calendar.monthrange(on.year, last_month)[1]))


def attainment_percent(actual: Decimal, plan: Decimal | None) -> Decimal | None:
    """Actual as a percentage of plan, one decimal; None when there is no plan to measure against."""
    if not plan:
        return None
    return (Decimal(actual) * HUNDRED / Decimal(plan)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# -- statement cut-off (对账日) -------------------------------------------------------------------------------------
# Choice: the cut-off is always the calendar day (default the 27th, the last day in short months), also when it
# falls on a weekend or holiday, so every period runs from the day after the previous cut-off through this one and
# no document falls between two statements. The statements are *issued* on the first working day after the
# cut-off (someone is at the desk to answer the partner), and the partner is asked to confirm within N working days.


def cutoff_in(year: int, month: int, day: int) -> datetime.date:
    """The cut-off date of a month (the last day when the month is shorter than `day`)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def latest_cutoff(on: datetime.date, day: int) -> datetime.date:
    """The most recent cut-off on or before `on`."""
    this = cutoff_in(on.year, on.month, day)
    return this if this <= on else cutoff_in(*_previous_month(on.year, on.month), day)


def statement_period(cutoff: datetime.date, day: int) -> tuple[datetime.date, datetime.date]:
    """The period a statement with this cut-off covers: the day after the previous cut-off … the cut-off."""
    previous = cutoff_in(*_previous_month(cutoff.year, cutoff.month), day)
    return previous + datetime.timedelta(days=1), cutoff


def next_working_day(after: datetime.date, is_working_day: Callable[[datetime.date], bool]) -> datetime.date:
    day = after + datetime.timedelta(days=1)
    for _n in range(60):
        if is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    return day


def issue_date(cutoff: datetime.date, is_working_day: Callable[[datetime.date], bool]) -> datetime.date:
    """Statements of a cut-off are issued on the first working day after it."""
    return next_working_day(cutoff, is_working_day)


def confirm_due(cutoff: datetime.date, working_days: int,
                is_working_day: Callable[[datetime.date], bool]) -> datetime.date:
    """The partner confirms within `working_days` working days, counting the issue day as the first."""
    day = issue_date(cutoff, is_working_day)
    for _n in range(max(working_days, 1) - 1):
        day = next_working_day(day, is_working_day)
    return day


# How each movement column of a statement enters its closing balance: shipments add; returns, payments and rebates
# are shown as positive amounts that subtract; other adjustments keep their sign. Month-end generation computes the
# columns in SQL from these signs.
CLOSING_SIGNS = {"shipments": 1, "returns": -1, "payments": -1, "rebates": -1, "other": 1}


@dataclass(frozen=True)
class StatementTotals:
    opening: Decimal
    shipments: Decimal
    returns: Decimal
    payments: Decimal
    rebates: Decimal
    other: Decimal

    @property
    def closing(self) -> Decimal:
        """Opening + shipments − returns − payments − rebates (+ other signed adjustments)."""
        return self.opening + sum(sign * getattr(self, column) for column, sign in CLOSING_SIGNS.items())


# -- year-end rebate (年终返利) ------------------------------------------------------------------------------------


def rebate_rate(volume: Decimal, tiers: Sequence[Sequence]) -> Decimal:
    """The rate (percent) of the highest tier whose threshold `volume` reaches; 0 below the first."""
    rate = Decimal("0")
    for threshold, percent in sorted(((Decimal(str(t)), Decimal(str(p))) for t, p in tiers), key=lambda r: r[0]):
        if volume >= threshold:
            rate = percent
    return rate


def rebate_amount(volume: Decimal, tiers: Sequence[Sequence]) -> tuple[Decimal, Decimal]:
    """(rate in percent, rebate) on the whole annual volume at the tier it reached."""
    rate = rebate_rate(volume, tiers)
    return rate, _money(Decimal(volume) * rate / HUNDRED) if volume > 0 else Decimal("0.00")


# -- returns (换货与退货, domain.md §4) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inspection:
    """What the warehouse found when the goods came back."""

    unsold: bool
    unsoiled: bool
    packaging_intact: bool
    undamaged: bool


@dataclass(frozen=True)
class ReturnDecision:
    outcome: str
    rate: Decimal  # percent credited
    credit: Decimal
    reason: str


def _failed_conditions(inspection: Inspection) -> list[str]:
    checks = [(inspection.unsold, _("already sold on")), (inspection.unsoiled, _("soiled")),
              (inspection.packaging_intact, _("packaging not intact")), (inspection.undamaged, _("damaged"))]
    return [label for passed, label in checks if not passed]


def decide_return(*, inspection: Inspection, beyond_quota: bool, shipped_on: datetime.date | None,
                  requested_on: datetime.date, window_days: int, within_quota_rate: Decimal,
                  amount: Decimal) -> ReturnDecision:
    """Beyond-quota goods meeting every condition within the window → 100 %; within-quota goods under the same
    conditions → the discount rate; otherwise rejected, saying which condition failed."""
    if shipped_on is None:
        return ReturnDecision(ReturnOutcome.REJECTED, Decimal("0"), Decimal("0.00"), _("The goods were never shipped."))
    age = (requested_on - shipped_on).days
    if age > window_days:
        return ReturnDecision(ReturnOutcome.REJECTED, Decimal("0"), Decimal("0.00"),
                              _("The return window of %(days)d days has passed (shipped %(age)d days before).")
                              % {"days": window_days, "age": age})
    failed = _failed_conditions(inspection)
    if failed:
        return ReturnDecision(ReturnOutcome.REJECTED, Decimal("0"), Decimal("0.00"),
                              _("Condition not met: %(failed)s.") % {"failed": ", ".join(failed)})
    if beyond_quota:
        return ReturnDecision(ReturnOutcome.FULL, HUNDRED, _money(amount),
                              _("Bought beyond the quota: credited in full."))
    rate = Decimal(str(within_quota_rate))
    return ReturnDecision(ReturnOutcome.DISCOUNTED, rate, _money(Decimal(amount) * rate / HUNDRED),
                          _("Bought within the quota: credited at %(rate)s %%.") % {"rate": rate.normalize()})
