"""Who sees which tickets and may do what with them; every ticket read starts here (docs/decisions/0006)."""

from django.db.models import Q, QuerySet

from apps.org import selectors as org_selectors
from core.scopes import DataScope, scope_context, scope_filter

from . import workflow
from .choices import OPEN_STATUSES, TicketStatus
from .models import Ticket

VIEW_ALL = "service.view_all_tickets"


def unit_path(user) -> str:
    """The path of the user's org unit ("" without one), from the data-scope context."""
    return scope_context(user).unit_path


def units_under(user) -> QuerySet:
    """Ids of the units in the user's unit subtree, as a subquery: `team_id IN (…)` is one lookup a ticket where
    `team.path LIKE …` joins the unit of every ticket read."""
    return org_selectors.list_org_units_for(user).filter(path__startswith=unit_path(user)).values("pk")


def _watched_by(user):
    return Ticket.watchers.through.objects.filter(user_id=user.pk).values("ticket_id")


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """All tickets for roles that see every ticket; a partner user their company's; anyone else the tickets of
    their unit's subtree (as team or responsible department) and those assigned to, created or watched by them."""
    if not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    if user.is_superuser or user.has_perm(VIEW_ALL):
        return Ticket.objects.all()
    ctx = scope_context(user)
    mine = Q(assignee_id=user.pk) | Q(created_by_id=user.pk) | Q(pk__in=_watched_by(user))
    if ctx.scope == DataScope.PARTNER:
        return Ticket.objects.filter(scope_filter(Ticket.data_scope, ctx) | Q(created_by_id=user.pk))
    if unit_path(user):
        units = units_under(user)
        mine |= Q(team_id__in=units) | Q(department_id__in=units)
    return Ticket.objects.filter(mine)


def can_view_tickets(user) -> bool:
    return user.is_authenticated and user.has_perm("service.view_ticket")


def can_create_ticket(user) -> bool:
    return user.is_authenticated and user.has_perm("service.add_ticket")


def can_work_tickets(user) -> bool:
    return user.is_authenticated and user.has_perm("service.change_ticket")


def can_assign_tickets(user) -> bool:
    return user.is_authenticated and user.has_perm("service.assign_ticket")


def can_see_all_tickets(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(VIEW_ALL))


def can_act_on(user, ticket: Ticket) -> bool:
    """Work a ticket the user sees: their own or an unassigned one, or any when they may assign."""
    return can_work_tickets(user) and (ticket.assignee_id in (None, user.pk) or can_assign_tickets(user))


def can_move(user, ticket: Ticket, target: str) -> bool:
    """Whether the user may move the ticket to `target` now."""
    return can_act_on(user, ticket) and workflow.can_transition(ticket.status, target)


def can_take(user, ticket: Ticket) -> bool:
    return (can_work_tickets(user) and ticket.assignee_id is None and ticket.status in OPEN_STATUSES
            and ticket.status != TicketStatus.WAITING_CUSTOMER)


def can_assign(user, ticket: Ticket) -> bool:
    return can_assign_tickets(user) and ticket.status in OPEN_STATUSES


def can_transfer(user, ticket: Ticket) -> bool:
    return can_act_on(user, ticket) and ticket.status in OPEN_STATUSES


def can_reply(user, ticket: Ticket) -> bool:
    return can_work_tickets(user) and ticket.status != TicketStatus.CLOSED


def can_edit(user, ticket: Ticket) -> bool:
    """Change the classification, the details and the five clears."""
    return can_act_on(user, ticket) and ticket.status != TicketStatus.CLOSED


def can_manage_settings(user) -> bool:
    """Edit categories, SLA policies and routing rules."""
    return user.is_authenticated and user.has_perm("service.change_slapolicy")


def can_view_full_phone(user) -> bool:
    return user.is_authenticated and user.has_perm("org.view_full_phone")


def can_view_inbound_mail(user) -> bool:
    """Read the log of mail read from the service mailbox (what became a ticket, what failed and why)."""
    return user.is_authenticated and user.has_perm("service.view_inboundmail")
