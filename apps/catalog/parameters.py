"""Catalog rule numbers (domain.md §5) as dated parameters."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Prices")

PARAMETERS = [
    Parameter(
        "catalog.grade_discounts", _("Discount by customer grade (%)"),
        {"A": 5, "B": 3, "C": 0, "D": 0}, kind="mapping", section=SECTION,
        help=_("Percent taken off the tier price after any period window, by customer grade. The manuals leave "
               "these numbers open: A 5 %, B 3 %, C and D 0 % are our defaults."),
    ),
]
