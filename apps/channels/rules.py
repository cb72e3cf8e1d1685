"""Pure channel rules over rule data: admission checklists, scorecards, trial terms. No ORM here."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .choices import EvidenceKind, FollowUp

# -- admission --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What an application says about the candidate, plus the kinds of documents attached to it."""

    current_stage: str = ""
    registered_capital: Decimal = Decimal(0)
    years_in_trade: int = 0
    annual_sales_capacity: Decimal = Decimal(0)
    cash_flow: Decimal = Decimal(0)
    has_breach_record: bool = False
    has_arrears_record: bool = False
    texts: dict = field(default_factory=dict)  # team_details, capability, product_lines, …
    reviewer_checks: dict = field(default_factory=dict)
    evidence: frozenset = frozenset()


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    passed: bool
    required: bool
    value: object
    threshold: object
    evidence_kind: str = ""
    attachment_present: bool | None = None


@dataclass(frozen=True)
class Evaluation:
    tier: str
    criteria: tuple[CriterionResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria if c.required)

    @property
    def failed(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.required and not c.passed]

    def as_dict(self) -> dict:
        """JSON-ready: amounts as strings, labels as text."""
        return {"tier": self.tier, "passed": self.passed, "criteria": [
            {"code": c.code, "label": str(c.label), "passed": c.passed, "required": c.required,
             "value": _plain(c.value), "threshold": _plain(c.threshold), "evidence_kind": c.evidence_kind,
             "attachment_present": c.attachment_present} for c in self.criteria]}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value


# (threshold key, fact, label, evidence kind shown beside it)
_MINIMUMS = [
    ("min_registered_capital", "registered_capital", _("Registered capital"), EvidenceKind.BUSINESS_LICENCE),
    ("min_years_in_trade", "years_in_trade", _("Years in the trade or similar products"), ""),
    ("min_annual_sales_capacity", "annual_sales_capacity", _("Annual sales capacity"),
     EvidenceKind.FINANCIAL_STATEMENT),
    ("min_cash_flow", "cash_flow", _("Cash flow"), EvidenceKind.FINANCIAL_STATEMENT),
]
_CLEAN_RECORDS = [
    ("no_breach_record", "has_breach_record", _("No breach record")),
    ("no_arrears_record", "has_arrears_record", _("No record of withholding suppliers' payments")),
]
CHECK_LABELS = {
    "capability": _("Integration / construction capability"),
    "product_lines": _("Product lines"),
    "downstream_customers": _("Downstream customers"),
    "credit": _("Credit standing"),
}
# A reviewer check reads the applicant's text of the same subject.
CHECK_TEXTS = {"capability": "capability", "product_lines": "product_lines",
               "downstream_customers": "downstream_customers", "credit": "credit_notes"}


def _evidence(facts: Facts, kind: str) -> bool | None:
    return (kind in facts.evidence) if kind else None


def evaluate(tier: str, facts: Facts, thresholds: dict) -> Evaluation:
    """The checklist of `tier` applied to `facts`: each criterion passed or failed, with value and threshold."""
    results = []
    for key, fact, label, kind in _MINIMUMS:
        if key in thresholds:
            value, minimum = getattr(facts, fact), Decimal(str(thresholds[key]))
            if isinstance(value, int) and minimum == int(minimum):
                minimum = int(minimum)  # counted in whole years
            results.append(CriterionResult(key, label, Decimal(value) >= minimum, True, value, minimum, kind,
                                           _evidence(facts, kind)))
    for key, fact, label in _CLEAN_RECORDS:
        if thresholds.get(key):
            has_record = getattr(facts, fact)
            results.append(CriterionResult(key, label, not has_record, True, has_record, False))
    if thresholds.get("from_stages"):
        stages = list(thresholds["from_stages"])
        results.append(CriterionResult(
            "from_stages", _("Normally already one of our partners at an earlier stage"),
            facts.current_stage in stages, False, facts.current_stage, stages))
    for kind in thresholds.get("documents", []):
        present = kind in facts.evidence or bool(facts.texts.get(kind, "").strip())
        results.append(CriterionResult(f"document:{kind}", EvidenceKind(kind).label, present, True, present, True,
                                       kind, kind in facts.evidence))
    for check in thresholds.get("reviewer_checks", []):
        confirmed = facts.reviewer_checks.get(check) is True
        results.append(CriterionResult(f"check:{check}", CHECK_LABELS.get(check, check), confirmed, True,
                                       facts.texts.get(CHECK_TEXTS.get(check, check), ""), True))
    return Evaluation(tier, tuple(results))


# -- trial term -------------------------------------------------------------------------------------------------


def trial_end(start: datetime.date, term_days: int) -> datetime.date:
    """The last day of a trial that starts on `start`."""
    return start + datetime.timedelta(days=int(term_days) - 1)


def trial_expired(today: datetime.date, ends_on: datetime.date | None) -> bool:
    """A trial ends automatically once its last day has passed."""
    return ends_on is not None and today > ends_on


def trial_notice_due(today: datetime.date, ends_on: datetime.date | None, notice_days: int,
                     sent_on: datetime.date | None) -> bool:
    """Tell the owner once, from `notice_days` before the last day."""
    if ends_on is None or sent_on is not None or today > ends_on:
        return False
    return (ends_on - today).days <= int(notice_days)


# -- scorecards -------------------------------------------------------------------------------------------------

SCORE_ITEMS = ["service_level", "sales", "payment", "complaints"]
ONE_DECIMAL = Decimal("0.1")


def sales_score(sales: Decimal | None, quota: Decimal | None) -> int | None:
    """Attainment of the quota in percent, capped at 100."""
    if sales is None or not quota:
        return None
    return min(100, int((Decimal(sales) * 100 / Decimal(quota)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def complaints_score(count: int | None, penalty) -> int | None:
    """100 with no justified complaint, `penalty` points off per complaint, never below 0."""
    if count is None:
        return None
    return max(0, int(100 - Decimal(str(penalty)) * count))


def scorecard_total(scores: dict, weights: dict) -> Decimal | None:
    """Weighted average of the item scores (0–100), one decimal; None while any weighted item is missing."""
    used = {item: Decimal(str(weights.get(item, 0))) for item in SCORE_ITEMS if weights.get(item)}
    if not used or any(scores.get(item) is None for item in used):
        return None
    total = sum(Decimal(scores[item]) * weight for item, weight in used.items()) / sum(used.values())
    return total.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def follow_up(total: Decimal | None, threshold, previously_flagged: bool) -> str:
    """Poor scorers are trained first; poor again on the next scorecard, they are reviewed for elimination."""
    if total is None or total >= Decimal(str(threshold)):
        return FollowUp.NONE
    return FollowUp.ELIMINATION if previously_flagged else FollowUp.TRAINING


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the quarter containing `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    next_start = datetime.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, next_start - datetime.timedelta(days=1)


def previous_quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _end = quarter_of(day)
    return quarter_of(start - datetime.timedelta(days=1))
