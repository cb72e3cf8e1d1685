"""Major complaints (重大投诉): the configured rules, and the report to the department head at once (报告)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notify import notify
from core.robots import announce_on_commit
from core.rules import value as rule_value

from .. import rules
from ..choices import EventKind, MajorReason
from ..models import Ticket
from . import people
from . import sla as sla_service
from .common import lock, record, ticket_url, touch


def reasons_for(ticket: Ticket, *, set_by_hand: bool = False) -> list[str]:
    """Why the ticket is major under today's rules (empty: it is not)."""
    customer = ticket.customer
    signals = rules.MajorSignals(
        kind=ticket.kind, customer_grade=ticket.customer_grade,
        is_key_account=bool(customer is not None and customer.is_key_account), churn_risk=ticket.churn_risk,
        media_threat=ticket.media_threat, batch_quality_issue=ticket.batch_quality_issue, set_by_hand=set_by_hand)
    return rules.major_reasons(signals, rule_value("service.major_rules"))


def apply_major_rules(ticket: Ticket, *, set_by_hand: bool = False) -> bool:
    """Mark the ticket major when a rule says so (never unmarks); True when it just became major."""
    reasons = reasons_for(ticket, set_by_hand=set_by_hand)
    if not reasons:
        return False
    ticket.major_reasons = sorted(set(ticket.major_reasons) | set(reasons))
    became = not ticket.is_major
    ticket.is_major = True
    return became


def _robot_urls() -> list[str]:
    return [*rule_value("service.major_robot_webhooks"), *getattr(settings, "SERVICE_ROBOT_WEBHOOKS", [])]


def _message(ticket: Ticket) -> tuple[str, str]:
    labels = dict(MajorReason.choices)
    title = _("Major complaint %(number)s: %(subject)s") % {"number": ticket.number, "subject": ticket.subject}
    lines = [
        _("Customer: %(name)s") % {"name": ticket.customer.name if ticket.customer else ticket.caller_name or "—"},
        _("Why major: %(reasons)s") % {"reasons": ", ".join(str(labels.get(r, r)) for r in ticket.major_reasons)},
        _("Team: %(team)s") % {"team": ticket.team.display_name if ticket.team else "—"},
        _("Resolution due: %(due)s") % {
            "due": timezone.localtime(ticket.resolution_due).strftime("%Y-%m-%d %H:%M") if ticket.resolution_due
            else "—"},
    ]
    return title, "\n".join(lines)


def report_major(ticket: Ticket, *, actor, reason: str = "") -> None:
    """Tell the department head at once (in-app, email, group robots) and keep it on their dashboard."""
    head = people.manager_of(ticket)
    ticket.major_reported_to, ticket.major_reported_at = head, timezone.now()
    ticket.save(update_fields=["major_reported_to", "major_reported_at"])
    title, body = _message(ticket)
    notify([head] if head is not None else [], title=title, body=body, url=ticket_url(ticket), level="danger",
           email=True)
    announce_on_commit(_robot_urls(), f"{title}\n{body}")
    record(ticket, EventKind.MAJOR, actor=actor, reason=reason, reasons=ticket.major_reasons,
           reported_to=head.pk if head is not None else None)


@transaction.atomic
def mark_major(*, actor, ticket: Ticket, reason: str = "") -> Ticket:
    """Set the major flag by hand; its SLA policy follows and the department head is told at once."""
    ticket = lock(ticket)
    became = apply_major_rules(ticket, set_by_hand=True)
    if became:
        sla_service.apply_sla(ticket)
    ticket.save(update_fields=["is_major", "major_reasons", *sla_service.SLA_FIELDS, *touch(ticket, actor)])
    if became:
        report_major(ticket, actor=actor, reason=reason)
    return ticket
