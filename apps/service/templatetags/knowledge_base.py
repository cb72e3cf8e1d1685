"""Template helpers of the knowledge base: status colours and the KB right (the same check the views make)."""

from django import template

from .. import kb_access

register = template.Library()

# grey draft, amber waiting for the reviewer, green published, dark archived (the house's status colours)
ARTICLE_COLOURS = {"draft": "secondary", "in_review": "yellow", "published": "green", "archived": "dark"}


@register.filter
def article_colour(code) -> str:
    return ARTICLE_COLOURS.get(str(code), "secondary")


@register.filter
def can_view_kb(user) -> bool:
    return kb_access.can_view_kb(user)
