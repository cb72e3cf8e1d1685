"""Helpers the service-desk pages share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when no field matches)."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def countdown_labels() -> dict:
    """Translated patterns the countdown script fills in (%d days, %h hours, %m minutes, %s the span)."""
    return {"days": _("%(d)sd %(h)sh") % {"d": "%d", "h": "%h"}, "hours": _("%(h)sh %(m)sm") % {"h": "%h", "m": "%m"},
            "minutes": _("%(m)sm") % {"m": "%m"}, "before": _("in %(span)s") % {"span": "%s"},
            "after": _("%(span)s overdue") % {"span": "%s"}}
