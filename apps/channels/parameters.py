"""Channel rule numbers (domain.md §4) as dated parameters; "(our default)" marks numbers the manuals left open."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Channels")

# Admission thresholds per requested tier. Keys that are absent are not checked for that tier:
# min_* are minimums; no_* require the record to be clean; from_stages is advisory ("normally already …");
# documents must be attached; reviewer_checks are confirmed by the approver.
PARAMETERS = [
    Parameter(
        "channels.admission.agent", _("Admission criteria: agent"),
        {"min_registered_capital": 500000, "min_years_in_trade": 3, "min_annual_sales_capacity": 2000000,
         "min_cash_flow": 300000, "no_breach_record": True, "no_arrears_record": True,
         "from_stages": ["distributor", "trial_distributor"],
         "documents": ["credit_documents", "team_details", "sales_plan", "feasibility_report"]},
        kind="mapping", section=SECTION,
        help=_("Amounts in CNY. Agents are normally chosen from distributors and trial distributors."),
    ),
    Parameter(
        "channels.admission.distributor", _("Admission criteria: distributor"),
        {"min_registered_capital": 200000, "min_years_in_trade": 2, "min_annual_sales_capacity": 500000,
         "no_breach_record": True, "from_stages": ["trial_distributor"], "documents": ["credit_documents"]},
        kind="mapping", section=SECTION,
        help=_("Amounts in CNY. Distributors normally come from trial distributors or are nominated."),
    ),
    Parameter(
        "channels.admission.trial_distributor", _("Admission criteria: trial distributor"),
        {"min_registered_capital": 50000, "min_years_in_trade": 1, "min_annual_sales_capacity": 100000,
         "no_breach_record": True, "documents": ["credit_documents"]},
        kind="mapping", section=SECTION,
        help=_("Our default: the manuals set no numbers for trial distributors."),
    ),
    Parameter(
        "channels.admission.integrator", _("Admission criteria: system integrator"),
        {"no_breach_record": True, "documents": ["credit_documents"],
         "reviewer_checks": ["capability", "product_lines", "downstream_customers", "credit"]},
        kind="mapping", section=SECTION,
        help=_("Special criteria the reviewer confirms: integration capability, product lines, downstream "
               "customers, credit."),
    ),
    Parameter(
        "channels.admission.contractor", _("Admission criteria: engineering contractor"),
        {"no_breach_record": True, "documents": ["credit_documents"], "reviewer_checks": ["capability", "credit"]},
        kind="mapping", section=SECTION,
        help=_("Special criteria the reviewer confirms: construction capability, credit."),
    ),
    Parameter("channels.trial_term_days", _("Trial period of a trial distributor (days)"), 180, kind="integer",
              section=SECTION, help=_("Our default. The trial ends automatically at the end of the term.")),
    Parameter("channels.trial_notice_days", _("Days of notice before a trial ends"), 7, kind="integer",
              section=SECTION),
    Parameter(
        "channels.scorecard_weights", _("Partner scorecard weights"),
        {"service_level": 30, "sales": 40, "payment": 20, "complaints": 10},
        kind="mapping", section=SECTION, help=_("Our default. Relative weights; the total is scaled to 0–100."),
    ),
    Parameter("channels.scorecard_poor_threshold", _("Poor partner score (below it: training or elimination)"),
              60, kind="number", section=SECTION, help=_("Our default.")),
    Parameter("channels.scorecard_complaint_penalty", _("Points off the complaints score per justified complaint"),
              20, kind="number", section=SECTION, help=_("Our default.")),
]
