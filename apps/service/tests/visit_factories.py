"""Return-visit test data made through the services: resolved tickets (whose visits are planned by
`resolve_ticket`) and the visit they got."""

from apps.service import services
from apps.service.models import ReturnVisit, Ticket
from core.testing.helpers import user

from .clock import frozen
from .factories import make_rule, make_ticket

FIVE_CLEARS = {"facts": "客户反映墨水渗漏", "reply_to_customer": "已告知更换墨盒", "cause": "墨盒批次密封不良",
               "handling": "免费更换墨盒", "result": "客户确认恢复正常"}
TEAMS = {"complaint": "cs-complaint", "repair": "cs-aftersales", "inquiry": "cs-inquiry", "service": "cs-inquiry",
         "suggestion": "cs-business"}


def routed():
    """The demo's routing in short: each kind to its CS group."""
    for position, (kind, team) in enumerate(TEAMS.items(), start=1):
        make_rule(team, kind=kind, position=position)


def resolved_ticket(when, *, kind: str = "repair", agent: str = "cs_agent", **fields) -> Ticket:
    """A ticket of `kind` logged and resolved by `agent` at `when` (frozen)."""
    with frozen(when):
        if kind == "complaint":
            fields.setdefault("complaint_type", "effective")
        ticket = make_ticket(agent, kind=kind, assign_to_me=True, received_at=when, **fields)
        clears = {**FIVE_CLEARS, "next_reply_at": when} if kind == "complaint" else {}
        return services.resolve_ticket(actor=user(agent), ticket=ticket, **clears)


def visit_of(ticket: Ticket) -> ReturnVisit:
    """The ticket's open return visit."""
    return ReturnVisit.objects.select_related("ticket", "assignee", "team").get(ticket=ticket, status__in=[
        "pending", "reached", "not_reached"])
