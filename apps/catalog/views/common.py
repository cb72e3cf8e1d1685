"""Small helpers shared by the catalogue's views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render


def require(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field where the field exists."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in pairs:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def page_of(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_list(request, template: str, context: dict, partial: str = "table"):
    """The full page, or only its table partial for an HTMX swap."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#{partial}"
    return render(request, template, context)
