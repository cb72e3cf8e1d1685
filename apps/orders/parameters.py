"""Order rule numbers (domain.md §4, §6) as dated parameters."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter  # noqa: F401

SECTION = _("Orders")

PARAMETERS: list = []
