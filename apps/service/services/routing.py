"""Where tickets go and who works them: routing rules, round-robin / least-loaded picks, take, assign, transfer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core.notify import notify

from .. import rules
from ..choices import OPEN_STATUSES, AssignmentMode, EventKind, TicketStatus
from ..models import RoundRobinCursor, RoutingRule, Ticket
from .common import lock, record, ticket_url, touch
from .lifecycle import MOVE_FIELDS, move


def active_routing_rules() -> list[RoutingRule]:
    return list(RoutingRule.objects.filter(is_active=True).select_related("category", "team", "department")
                .order_by("position", "id"))


def route(ticket: Ticket, routing_rules: list[RoutingRule] | None = None) -> RoutingRule | None:
    """Put the ticket in the queue of the first matching rule (and its department, unless one is set)."""
    rule = rules.choose_route(active_routing_rules() if routing_rules is None else routing_rules,
                              rules.facts_of(ticket))
    if rule is not None:
        ticket.routing_rule, ticket.team = rule, rule.team
        if ticket.department_id is None and rule.department_id is not None:
            ticket.department = rule.department
    return rule


def _round_robin(team, agents: list):
    cursor, _created = RoundRobinCursor.objects.select_for_update().get_or_create(team=team)
    last = cursor.last_user_id or 0
    chosen = next((agent for agent in agents if agent.pk > last), agents[0])
    cursor.last_user = chosen
    cursor.save(update_fields=["last_user"])
    return chosen


def _least_loaded(agents: list):
    loads = dict(Ticket.objects.filter(assignee__in=agents, status__in=OPEN_STATUSES).order_by()
                 .values_list("assignee").annotate(n=Count("id")))
    return min(agents, key=lambda agent: (loads.get(agent.pk, 0), agent.pk))


def pick_agent(team, mode: str):
    """The team's agent who gets the next ticket under `mode` (None for a plain queue or an empty team)."""
    if team is None or mode == AssignmentMode.QUEUE:
        return None
    agents = list(org_selectors.active_users_in_unit(team.pk))
    if not agents:
        return None
    return _round_robin(team, agents) if mode == AssignmentMode.ROUND_ROBIN else _least_loaded(agents)


def _check_assignee(assignee) -> None:
    if assignee is None or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose an active employee.")})


def give(ticket: Ticket, assignee, *, actor, reason: str = "") -> None:
    """Make `assignee` work the locked ticket (status follows), record it and tell them (the caller saves)."""
    _check_assignee(assignee)
    previous = ticket.assignee
    ticket.assignee = assignee
    if ticket.status in (TicketStatus.NEW, TicketStatus.REOPENED) or (
            ticket.status == TicketStatus.IN_PROGRESS and previous != assignee):
        move(ticket, TicketStatus.ASSIGNED, actor=actor, reason=reason)
    record(ticket, EventKind.ASSIGNED, actor=actor, reason=reason, assignee=assignee.pk,
           previous=previous.pk if previous else None)
    if assignee != actor:
        notify([assignee], title=_("Ticket %(number)s is yours") % {"number": ticket.number}, body=ticket.subject,
               url=ticket_url(ticket), level="danger" if ticket.is_major else "info")


def _check_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError(_("Only an open ticket can be assigned."), code="invalid_transition")


@transaction.atomic
def assign_ticket(*, actor, ticket: Ticket, assignee, reason: str = "") -> Ticket:
    """Give the ticket to an agent."""
    ticket = lock(ticket)
    _check_open(ticket)
    give(ticket, assignee, actor=actor, reason=reason)
    ticket.save(update_fields=["assignee", *MOVE_FIELDS, *touch(ticket, actor)])
    return ticket


@transaction.atomic
def take_ticket(*, actor, ticket: Ticket) -> Ticket:
    """An agent takes an unassigned ticket from the queue."""
    ticket = lock(ticket)
    _check_open(ticket)
    if ticket.assignee_id is not None:
        raise ValidationError(_("Someone else has already taken this ticket."), code="already_taken")
    give(ticket, actor, actor=actor, reason=_("Taken from the queue"))
    ticket.save(update_fields=["assignee", *MOVE_FIELDS, *touch(ticket, actor)])
    return ticket


@transaction.atomic
def transfer_ticket(*, actor, ticket: Ticket, team, reason: str, assignee=None, department=None) -> Ticket:
    """Move the ticket to another team's queue (and agent), with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is transferred.")})
    if team is None:
        raise ValidationError({"team": _("Choose the team to transfer to.")})
    ticket = lock(ticket)
    _check_open(ticket)
    previous = (ticket.team_id, ticket.assignee_id)
    ticket.team = team
    if department is not None:
        ticket.department = department
    if assignee is not None:
        _check_assignee(assignee)
        ticket.assignee = assignee
        target = TicketStatus.ASSIGNED
    else:
        ticket.assignee, target = None, TicketStatus.NEW
    if ticket.status != target:
        move(ticket, target, actor=actor, reason=reason)
    record(ticket, EventKind.TRANSFERRED, actor=actor, reason=reason, team=team.pk, previous_team=previous[0],
           assignee=assignee.pk if assignee else None, previous_assignee=previous[1])
    ticket.save(update_fields=["team", "department", "assignee", *MOVE_FIELDS, *touch(ticket, actor)])
    notify([assignee] if assignee is not None and assignee != actor else [],
           title=_("Ticket %(number)s was transferred to you") % {"number": ticket.number}, body=reason,
           url=ticket_url(ticket))
    return ticket


def bulk_assign(*, actor, tickets, assignee) -> int:
    """Assign several tickets to one agent; tickets no longer open are skipped. Returns how many moved."""
    _check_assignee(assignee)
    moved = 0
    for ticket in tickets:
        if ticket.status in OPEN_STATUSES:
            assign_ticket(actor=actor, ticket=ticket, assignee=assignee, reason=_("Bulk assignment"))
            moved += 1
    return moved
