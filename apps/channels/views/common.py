"""Helpers the channel pages share."""

from django.core.exceptions import PermissionDenied, ValidationError


def require(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def partial_or_page(request, template: str, partial: str) -> str:
    """The named partial for an HTMX request that is not a boosted navigation, else the whole page."""
    return f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template
