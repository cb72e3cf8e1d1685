"""Template helpers used across modules: form widgets with Tabler classes, money, phones, status colours."""

import json

from django import template
from django.utils.safestring import mark_safe

from core.money import format_cny
from core.phones import display_phone

register = template.Library()

_CONTROL_CLASS = {"select": "form-select", "checkbox": "form-check-input", "radio": "form-check-input",
                  "selectmultiple": "form-select", "checkboxselectmultiple": ""}


@register.filter
def control(field):
    """Render a bound field's widget with the right Tabler class and the invalid state."""
    css = _CONTROL_CLASS.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def cny(value):
    return "" if value in (None, "") else format_cny(value)


@register.simple_tag(takes_context=True)
def phone(context, number):
    """A phone as the current user may see it (masked unless the role may see it in full)."""
    user = context["request"].user
    return display_phone(number, full=user.has_perm("org.view_full_phone"))


@register.filter
def chart_json(spec):
    return mark_safe(json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c").replace("'", "\\u0027"))


STATUS_COLOURS = {
    "new": "secondary", "draft": "secondary", "probation": "azure", "in_progress": "blue", "assigned": "blue",
    "waiting": "yellow", "on_hold": "yellow", "breached": "red", "rejected": "red", "left": "secondary",
    "done": "green", "active": "green", "closed": "green", "met": "green",
}


@register.filter
def status_colour(code):
    return STATUS_COLOURS.get(str(code), "secondary")
