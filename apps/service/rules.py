"""Pure functions over rule data (policies, routing rules, major-complaint rules, the five clears): no ORM."""

import datetime as dt
from dataclasses import dataclass

from .choices import MajorReason, TicketKind


@dataclass(frozen=True)
class TicketFacts:
    """What policies and routing rules look at."""

    kind: str
    complaint_type: str = ""
    priority: str = "normal"
    is_major: bool = False
    customer_grade: str = ""
    category_path: str = ""
    product: str = ""
    region_id: int | None = None


def facts_of(ticket) -> TicketFacts:
    """The facts of a ticket (its category loaded)."""
    return TicketFacts(
        kind=ticket.kind, complaint_type=ticket.complaint_type, priority=ticket.priority, is_major=ticket.is_major,
        customer_grade=ticket.customer_grade, category_path=ticket.category.path if ticket.category else "",
        product=" ".join(filter(None, [ticket.product, ticket.model_no])), region_id=ticket.region_id,
    )


def _same(wanted, actual) -> bool:
    return wanted in ("", None) or wanted == actual


def policy_matches(policy, facts: TicketFacts) -> bool:
    """Whether every condition the policy sets (blank = any) holds for the ticket."""
    return (_same(policy.kind, facts.kind) and _same(policy.complaint_type, facts.complaint_type)
            and _same(policy.priority, facts.priority) and _same(policy.is_major, facts.is_major)
            and _same(policy.customer_grade, facts.customer_grade))


def choose_policy(policies, facts: TicketFacts):
    """The first matching policy in order, else the default one, else None."""
    policies = list(policies)
    found = next((p for p in policies if not p.is_default and policy_matches(p, facts)), None)
    return found or next((p for p in policies if p.is_default), None)


def routing_matches(rule, facts: TicketFacts) -> bool:
    """Whether a routing rule's conditions (blank = any; a category covers its sub-categories) hold."""
    category_ok = rule.category is None or facts.category_path.startswith(rule.category.path)
    product_ok = not rule.product or rule.product.casefold() in facts.product.casefold()
    return (_same(rule.kind, facts.kind) and category_ok and product_ok
            and _same(rule.region_id, facts.region_id) and _same(rule.customer_grade, facts.customer_grade))


def choose_route(rules, facts: TicketFacts):
    """The first matching routing rule in order, or None."""
    return next((rule for rule in rules if routing_matches(rule, facts)), None)


@dataclass(frozen=True)
class MajorSignals:
    """What the agent recorded and what the archive says, for the major-complaint rules."""

    kind: str
    customer_grade: str = ""
    is_key_account: bool = False
    churn_risk: bool = False
    media_threat: bool = False
    batch_quality_issue: bool = False
    set_by_hand: bool = False


def major_reasons(signals: MajorSignals, settings: dict) -> list[str]:
    """Why a ticket is major under the configured rules (empty: it is not); rules apply to complaints only."""
    reasons = [MajorReason.MANUAL.value] if signals.set_by_hand else []
    if signals.kind != TicketKind.COMPLAINT:
        return reasons
    checks = [
        (MajorReason.KEY_ACCOUNT_CHURN, settings.get("key_account_churn") and signals.is_key_account
         and signals.churn_risk),
        (MajorReason.MEDIA_THREAT, settings.get("media_threat") and signals.media_threat),
        (MajorReason.GRADE, signals.customer_grade and signals.customer_grade in settings.get("grades", [])),
        (MajorReason.BATCH_QUALITY, settings.get("batch_quality") and signals.batch_quality_issue),
    ]
    return reasons + [reason.value for reason, hit in checks if hit]


FIVE_CLEARS = ["facts", "next_reply_at", "reply_to_customer", "cause", "handling", "result"]


def five_clears_missing(ticket, *, resolving_at: dt.datetime, first_contact: dt.timedelta) -> list[str]:
    """The five-clears fields still empty on a complaint, in the order an agent fills them; the promised next
    reply (跟清楚) is needed only when the complaint was not solved on first contact."""
    if ticket.kind != TicketKind.COMPLAINT:
        return []
    missing = []
    for name in FIVE_CLEARS:
        if name == "next_reply_at":
            if ticket.next_reply_at is None and resolving_at - ticket.received_at > first_contact:
                missing.append(name)
        elif not (getattr(ticket, name) or "").strip():
            missing.append(name)
    return missing
