"""Customer rule numbers (domain.md §2, issue #3) as dated parameters; defaults are the domain's."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Customers")

PARAMETERS = [
    Parameter(
        "customers.grade_rules", _("Grade thresholds"),
        [
            {"grade": "A", "min_annual_purchase": 1000000, "min_payment_score": 80, "min_potential_score": 0},
            {"grade": "B", "min_annual_purchase": 300000, "min_payment_score": 60, "min_potential_score": 0},
            {"grade": "C", "min_annual_purchase": 50000, "min_payment_score": 0, "min_potential_score": 0},
            {"grade": "D", "min_annual_purchase": 0, "min_payment_score": 0, "min_potential_score": 0},
        ],
        kind="table", section=SECTION,
        help=_("First row whose minimums a customer meets gives its grade (annual purchase in CNY, scores 0–100)."),
    ),
    Parameter("customers.pool_days_without_follow_up", _("Days without follow-up before reclaim, by grade"),
              {"A": 30, "B": 15, "C": 7, "D": 7, "": 7}, kind="mapping", section=SECTION),
    Parameter("customers.pool_days_without_deal", _("Days without a deal before reclaim"), 180, kind="integer",
              section=SECTION),
    Parameter("customers.pool_notice_days", _("Days of notice before a reclaim"), 3, kind="integer",
              section=SECTION),
    Parameter("customers.private_customer_cap", _("Most private customers a rep may hold"), 300, kind="integer",
              section=SECTION),
]
