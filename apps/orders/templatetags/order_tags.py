"""Order status colours (the same meaning everywhere: grey new, blue in progress, amber waiting, red stopped,
green done)."""

from django import template

register = template.Library()

ORDER_COLOURS = {
    "draft": "secondary", "submitted": "blue", "on_hold": "yellow", "approved": "azure",
    "awaiting_payment": "orange", "ready_to_ship": "cyan", "partially_shipped": "indigo", "shipped": "purple",
    "signed": "teal", "receipt_returned": "lime", "settled": "green", "cancelled": "red",
    "pending": "yellow", "rejected": "red",
}


@register.filter
def order_colour(code) -> str:
    return ORDER_COLOURS.get(str(code), "secondary")
