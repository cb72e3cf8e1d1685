"""Customer rules as pure functions over rule data (core.rules values): grading and the public pool's clock."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

FOLLOW_UP = "follow_up"
DEAL = "deal"
NOTICE = "notice"
RECLAIM = "reclaim"


def grade_for(annual_purchase, payment_score, potential_score, rules: list[dict]) -> str:
    """The grade of the first rule row whose minimums are all met ('' when none is)."""
    purchase = Decimal(str(annual_purchase or 0))
    for row in rules:
        if (purchase >= Decimal(str(row.get("min_annual_purchase", 0)))
                and (payment_score or 0) >= row.get("min_payment_score", 0)
                and (potential_score or 0) >= row.get("min_potential_score", 0)):
            return row["grade"]
    return ""


@dataclass(frozen=True)
class PoolRules:
    """The pool parameters in force: days without follow-up by grade, days without a deal, days of notice."""

    days_without_follow_up: dict
    days_without_deal: int
    notice_days: int

    def follow_up_days(self, grade: str) -> int:
        """Days for a grade; an ungraded or unlisted grade takes the '' entry, else the shortest listed."""
        days = self.days_without_follow_up
        return int(days.get(grade or "", days.get("", min(days.values()))))


@dataclass(frozen=True)
class PoolDecision:
    action: str  # NOTICE or RECLAIM
    rule: str  # FOLLOW_UP or DEAL
    due_on: datetime.date  # the day the customer falls (or fell) due for the pool
    days: int  # the rule's number of days


def reclaim_due(*, grade: str, follow_up_since: datetime.date, deal_since: datetime.date,
                rules: PoolRules) -> tuple[datetime.date, str, int]:
    """(due date, rule, days): the earlier of `days` after the last follow-up and after the last deal."""
    follow_up_days = rules.follow_up_days(grade)
    follow_up = (follow_up_since + datetime.timedelta(days=follow_up_days), FOLLOW_UP, follow_up_days)
    deal = (deal_since + datetime.timedelta(days=rules.days_without_deal), DEAL, rules.days_without_deal)
    return min(follow_up, deal, key=lambda due: due[0])


def _cycle(grade: str, follow_up_since: datetime.datetime, deal_since: datetime.datetime,
           noticed_at: datetime.datetime | None, rules: PoolRules) -> tuple[datetime.date, str, int, bool]:
    """(due date, rule, days, whether the notice belongs to this cycle)."""
    due_on, rule, days = reclaim_due(grade=grade, follow_up_since=timezone.localdate(follow_up_since),
                                     deal_since=timezone.localdate(deal_since), rules=rules)
    since = follow_up_since if rule == FOLLOW_UP else deal_since
    return due_on, rule, days, noticed_at is not None and noticed_at >= since


def pool_decision(*, grade: str, follow_up_since: datetime.datetime, deal_since: datetime.datetime,
                  noticed_at: datetime.datetime | None, now: datetime.datetime,
                  rules: PoolRules) -> PoolDecision | None:
    """What the daily job does to an owned customer now: give notice, reclaim it, or nothing.

    Days count by local calendar date. Notice goes out `notice_days` before the due date, once per cycle: a notice
    older than the last follow-up (or deal, for the deal rule) belongs to a past cycle. A customer is reclaimed on
    its due date, but never sooner than `notice_days` after its notice, so a rep always gets the full notice.
    """
    due_on, rule, days, noticed = _cycle(grade, follow_up_since, deal_since, noticed_at, rules)
    today, notice = timezone.localdate(now), datetime.timedelta(days=rules.notice_days)
    if not noticed:
        return PoolDecision(NOTICE, rule, due_on, days) if today >= due_on - notice else None
    reclaim_on = max(due_on, timezone.localdate(noticed_at) + notice)
    return PoolDecision(RECLAIM, rule, reclaim_on, days) if today >= reclaim_on else None


def reclaim_date(*, grade: str, follow_up_since: datetime.datetime, deal_since: datetime.datetime,
                 noticed_at: datetime.datetime | None, rules: PoolRules) -> PoolDecision | None:
    """When a customer under notice goes to the pool (None when it has no notice in this cycle)."""
    due_on, rule, days, noticed = _cycle(grade, follow_up_since, deal_since, noticed_at, rules)
    if not noticed:
        return None
    return PoolDecision(RECLAIM, rule, max(due_on, timezone.localdate(noticed_at) + datetime.timedelta(
        days=rules.notice_days)), days)
