"""Template helpers of the service desk: SLA countdowns and colours."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

SLA_COLOURS = {"on_track": "green", "due_soon": "yellow", "breached": "red", "met": "green"}
STATUS_COLOURS = {"new": "secondary", "assigned": "azure", "in_progress": "blue", "waiting_customer": "yellow",
                  "waiting_department": "orange", "resolved": "green", "return_visit": "teal", "closed": "green",
                  "reopened": "red"}
PRIORITY_COLOURS = {"low": "secondary", "normal": "azure", "high": "orange", "urgent": "red"}


@register.filter
def sla_colour(code) -> str:
    return SLA_COLOURS.get(str(code), "secondary")


@register.filter
def ticket_colour(code) -> str:
    return STATUS_COLOURS.get(str(code), "secondary")


@register.filter
def priority_colour(code) -> str:
    return PRIORITY_COLOURS.get(str(code), "secondary")


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)sd %(h)sh") % {"d": days, "h": hours}
    if hours:
        return _("%(h)sh %(m)sm") % {"h": hours, "m": mins}
    return _("%(m)sm") % {"m": mins}


@register.filter
def countdown(due, now=None) -> str:
    """'in 3h 20m' before a deadline, '2h 5m overdue' after it (the page's script keeps it ticking)."""
    if due is None:
        return "—"
    seconds = (due - (now or timezone.now())).total_seconds()
    minutes = int(abs(seconds) // 60)
    if seconds >= 0:
        return _("in %(span)s") % {"span": _span(minutes)}
    return _("%(span)s overdue") % {"span": _span(minutes)}
