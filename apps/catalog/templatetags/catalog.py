"""Template helpers of the catalogue pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def qty(value):
    """A quantity without trailing zeros and with thousands separators: 1,250 · 12.5 · −2."""
    if value in (None, ""):
        return "—"
    number = Decimal(value).normalize()
    text = f"{number:,f}"
    return text.replace("-", "−")


@register.filter
def signed_qty(value):
    """A change in stock with its sign: +20 · −6 · 0."""
    if value in (None, ""):
        return "—"
    number = Decimal(value)
    return f"+{qty(number)}" if number > 0 else qty(number)
