"""Planning return visits: after a resolved ticket (from `resolve_ticket`), periodically for every member
customer (a daily job), and as the revisit step of a satisfaction follow-up."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.customers.selectors import service as customer_selectors

from ...models import FindingStep, ReturnVisit, Ticket
from ...visits import rules
from ...visits.choices import OPEN_VISIT_STATUSES, ReturnVisitSource, ReturnVisitStatus
from . import common


def _primary_contact(customer):
    contacts = sorted(customer.contacts.all(), key=lambda c: (not c.is_primary, not c.phone, c.pk))
    return contacts[0] if contacts else None


def _reach_ticket(ticket: Ticket) -> dict:
    """Whom to call about a ticket and how: the caller's contact, else the ticket's phone, else the archive's."""
    contact, customer = ticket.contact, ticket.customer
    name = (contact.name if contact else "") or ticket.caller_name or (customer.name if customer else "")
    phone = ticket.phone or (contact.phone if contact else "") or (customer.phone if customer else "")
    email = (contact.email if contact else "") or (customer.email if customer else "")
    return {"contact_name": name[:120], "phone": phone, "email": email}


def _reach_customer(customer) -> dict:
    contact = _primary_contact(customer)
    name = contact.name if contact else customer.name
    phone = (contact.phone if contact else "") or customer.phone
    email = (contact.email if contact else "") or customer.email
    return {"contact_name": name[:120], "phone": phone, "email": email}


def _create(*, actor, source: str, due_at: dt.datetime, now: dt.datetime, assignee=None,
            scheduled_at: dt.datetime | None = None, team=None, **fields) -> ReturnVisit:
    assignee = assignee or common.least_loaded(common.visit_agents())
    return ReturnVisit.objects.create(
        source=source, due_at=due_at, scheduled_at=scheduled_at or common.first_call_at(now), assignee=assignee,
        team=team or common.team_of(assignee), created_by=actor, updated_by=actor, **fields)


def _cancel_superseded(ticket: Ticket, actor, now: dt.datetime) -> None:
    """An open visit of an earlier resolution is no longer asked: the ticket was resolved again."""
    for visit in ticket.return_visits.filter(source=ReturnVisitSource.TICKET, status__in=OPEN_VISIT_STATUSES):
        visit.status, visit.cancel_reason = ReturnVisitStatus.CANCELLED, _("The ticket was resolved again.")
        visit.completed_at, visit.updated_by = now, actor
        visit.save(update_fields=["status", "cancel_reason", "completed_at", "updated_by", "updated_at"])


def plan_ticket_visit(*, actor, ticket: Ticket, now: dt.datetime | None = None) -> ReturnVisit | None:
    """The return visit of a resolved ticket, due when its SLA policy's return-visit target says (none when the
    policy asks for no visit). Called by `resolve_ticket` inside its transaction."""
    if ticket.return_visit_due is None:
        return None
    now = now or timezone.now()
    _cancel_superseded(ticket, actor, now)
    return _create(actor=actor, source=ReturnVisitSource.TICKET, due_at=ticket.return_visit_due, now=now,
                   ticket=ticket, customer=ticket.customer, **_reach_ticket(ticket))


def plan_follow_up_visit(*, actor, step: FindingStep, now: dt.datetime | None = None) -> ReturnVisit:
    """The revisit of a customer after the department's fix, due with the revisit step."""
    now = now or timezone.now()
    origin = step.finding.visit
    reach = {"contact_name": origin.contact_name, "phone": origin.phone, "email": origin.email}
    return _create(actor=actor, source=ReturnVisitSource.FOLLOW_UP, due_at=step.due_at, now=now,
                   assignee=step.assignee, ticket=origin.ticket, customer=origin.customer, follow_up_of=step,
                   **reach)


def _last_member_visits() -> tuple[dict[int, dt.datetime], set[int]]:
    """When each customer's latest (not cancelled) member visit was planned, and who has one open."""
    member_visits = ReturnVisit.objects.filter(source=ReturnVisitSource.MEMBER).exclude(
        status=ReturnVisitStatus.CANCELLED).order_by()
    latest = dict(member_visits.values_list("customer_id").annotate(last=Max("created_at")))
    open_ones = set(member_visits.filter(status__in=OPEN_VISIT_STATUSES).values_list("customer_id", flat=True))
    return latest, open_ones


def plan_member_visits(*, actor=None, now: dt.datetime | None = None) -> int:
    """Plan a visit for every member customer whose last member visit is older than the interval (or who never
    had one), spread over the return-visit agents; returns how many were planned. Safe to run again: a member
    with an open visit is skipped (and the database refuses a second open one)."""
    now = now or timezone.now()
    interval = int(common.number("service.member_visit_interval_days", now))
    due_at = common.working_days_later(now, "service.member_visit_due_working_days")
    scheduled_at = common.first_call_at(now)
    latest, open_ones = _last_member_visits()
    agents = common.visit_agents()
    loads, teams, planned = common.open_loads(agents), {a.pk: common.team_of(a) for a in agents}, 0
    for customer in customer_selectors.member_customers():
        if not rules.member_visit_wanted(latest.get(customer.pk), customer.pk in open_ones, now, interval):
            continue
        assignee = common.least_loaded(agents, loads)
        try:
            with transaction.atomic():
                _create(actor=actor, source=ReturnVisitSource.MEMBER, due_at=due_at, now=now, assignee=assignee,
                        team=teams.get(assignee.pk) if assignee else None, scheduled_at=scheduled_at,
                        customer=customer, **_reach_customer(customer))
        except IntegrityError:
            continue  # another run planned it a moment ago
        if assignee is not None:
            loads[assignee.pk] = loads.get(assignee.pk, 0) + 1
        planned += 1
    return planned
