"""Order rule numbers (domain.md §4, §6) as dated parameters."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Orders")

PARAMETERS: list = []

# -- orders and receivables (O1) ----------------------------------------------------------------------------------
PARAMETERS += [
    Parameter("orders.within_quota_ship_days", _("Working days to ship an order within the quota"), 7,
              kind="integer", section=SECTION, help=_("domain.md §4: counted from the day the order is placed.")),
    Parameter("orders.beyond_quota_lead_days", _("Working days ahead an order beyond the quota must be placed"), 15,
              kind="integer", section=SECTION, help=_("domain.md §4: counted back from the requested date.")),
    Parameter("orders.aging_buckets", _("Aging bucket upper bounds (days)"), [30, 60, 90], kind="table",
              section=SECTION, help=_("Receivables aging: 0–30, 31–60, 61–90 and over 90 days by default.")),
    Parameter("orders.overdue_alert_days", _("Repeat overdue alerts every N days"), 7, kind="integer",
              section=SECTION, help=_("Our default: the rep and the sales admin are reminded weekly per customer.")),
]

# -- shipments, follow-up, branch requests (O2) -----------------------------------------------------------------
PARAMETERS += [
    Parameter("orders.follow_up_from", _("Shipment follow-up starts at this time the day after dispatch"), "14:00",
              kind="text", section=SECTION,
              help=_("domain.md §6: from 14:00 the day after dispatch, logistics customer service follows every "
                     "shipment not yet signed (HH:MM, Beijing time).")),
    Parameter("orders.branch_request_cutoff", _("Branch purchase request cut-off"), "14:00", kind="text",
              section=SECTION,
              help=_("domain.md §6: orders approved by this time (HH:MM) go into the day's purchase request; later "
                     "ones into the next working day's.")),
]

# -- statements, rebates, returns (O3) ----------------------------------------------------------------------------
PARAMETERS += [
    Parameter("orders.statement_cutoff_day", _("Statement cut-off day of the month (对账日)"), 27, kind="integer",
              section=SECTION,
              help=_("Statements cover the day after the previous cut-off through this day (the last day of a "
                     "shorter month). The cut-off stays on this calendar day also on weekends and holidays; the "
                     "statements are issued on the first working day after it.")),
    Parameter("orders.statement_confirm_working_days", _("Working days a partner has to confirm a statement"), 5,
              kind="integer", section=SECTION, help=_("Our default, counted from the issue day.")),
    Parameter(
        "orders.rebate_tiers", _("Year-end rebate tiers (年终返利) by partner tier"),
        {"agent": [[1000000, 2], [3000000, 3], [5000000, 4]],
         "distributor": [[500000, 1], [1000000, 1.5], [3000000, 2]],
         "integrator": [[1000000, 1], [3000000, 2]],
         "contractor": [[1000000, 1], [3000000, 2]],
         "trial_distributor": []},
        kind="mapping", section=SECTION,
        help=_("Our defaults: [annual volume in CNY, rebate %] rows per partner tier; the rate of the highest tier "
               "reached applies to the whole year's shipments net of returns. Agent ≥1M → 2 %, ≥3M → 3 %, ≥5M → 4 %; "
               "distributor ≥0.5M → 1 %, ≥1M → 1.5 %, ≥3M → 2 %; integrators and contractors ≥1M → 1 %, "
               "≥3M → 2 %; trial distributors earn none.")),
    Parameter("orders.return_window_days", _("Return window for unsold goods (days after shipment)"), 90,
              kind="integer", section=SECTION),
    Parameter("orders.return_within_quota_rate", _("Credit for returned goods bought within the quota (%)"), 80,
              kind="percent", section=SECTION,
              help=_("Goods bought beyond the quota are credited in full.")),
]
