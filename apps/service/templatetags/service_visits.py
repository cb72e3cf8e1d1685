"""Template helpers of return visits: status colours, and the visits card on the ticket page."""

from django import template

from ..visits import access, selectors

register = template.Library()

VISIT_COLOURS = {"pending": "blue", "reached": "azure", "not_reached": "yellow", "done": "green",
                 "unreachable": "red", "cancelled": "secondary"}
STEP_COLOURS = {"open": "blue", "done": "green", "cancelled": "secondary"}


@register.filter
def visit_colour(code) -> str:
    return VISIT_COLOURS.get(str(code), "secondary")


@register.filter
def step_colour(code) -> str:
    return STEP_COLOURS.get(str(code), "secondary")


@register.inclusion_tag("service/visits/ticket_visits.html", takes_context=True)
def ticket_visits(context, ticket):
    """The ticket's return visits the user sees (nothing for users without the right)."""
    user = context["request"].user
    visible = access.can_view_visits(user)
    return {"visits": selectors.visits_of_ticket(user, ticket) if visible else [], "visible": visible,
            "ticket": ticket}
