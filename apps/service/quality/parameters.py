"""Quality rule numbers as dated parameters: the QA sample size and the monthly report's categories and
recipients (collected into apps/service/parameters.py)."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

QUALITY_SECTION = _("Service quality")
QUALITY_PARAMETERS = [
    Parameter("service.qa_sample_size", _("Resolved tickets sampled per agent per month for QA"), 5,
              kind="integer", section=QUALITY_SECTION,
              help=_("The evaluation group scores this many of each agent's resolved tickets a month.")),
    Parameter("service.quality_report_categories", _("Complaint categories counted as product defects"),
              [{"category": "设备/产品"}, {"category": "平台/软件"}], kind="table", section=QUALITY_SECTION,
              help=_("Complaints in these categories (and their sub-categories) count in the monthly quality "
                     "feedback report, besides every repair request and batch quality issue.")),
    Parameter("service.quality_report_recipients", _("Who receives the monthly quality feedback report"),
              [{"department": d, "emails": ""} for d in ("marketing", "production", "quality", "purchasing",
                                                         "technology")],
              kind="table", section=QUALITY_SECTION,
              help=_("One row per department (marketing, production, quality, purchasing, technology); emails "
                     "separated by commas. The report is mailed on the 1st with its Excel and PDF files.")),
    Parameter("service.member_visit_target_percent", _("Share of member customers to visit"), 100, kind="percent",
              section=QUALITY_SECTION, help=_("The service dashboard shows member visits against this target.")),
]
