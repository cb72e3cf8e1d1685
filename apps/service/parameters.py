"""Service-desk rule numbers (domain.md §7, issue #5) as dated parameters; defaults are the domain's."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

from .intake.parameters import INTAKE_PARAMETERS
from .quality.parameters import QUALITY_PARAMETERS
from .visits.parameters import VISIT_PARAMETERS

SECTION = _("Service desk")

PARAMETERS = [
    Parameter(
        "service.major_rules", _("What makes a complaint major"),
        {"key_account_churn": True, "media_threat": True, "grades": ["A"], "batch_quality": True},
        kind="mapping", section=SECTION,
        help=_("key_account_churn: a key account threatens to leave; media_threat: media or legal threat; grades: "
               "customer grades whose complaints are always major; batch_quality: a batch quality issue."),
    ),
    Parameter("service.major_robot_webhooks", _("Group-robot webhooks told about major complaints"), [],
              kind="table", section=SECTION,
              help=_("WeCom or DingTalk group-robot URLs, one per row.")),
    Parameter("service.due_soon_percent", _("Due soon from this share of a target"), 80, kind="percent",
              section=SECTION, help=_("The assignee is warned when this much of a time target has passed.")),
    Parameter("service.manager_escalation_hours", _("Hours after a breach before the manager is told"), 4,
              kind="number", section=SECTION),
    Parameter("service.first_contact_minutes", _("Minutes a complaint counts as solved on first contact"), 60,
              kind="integer", section=SECTION,
              help=_("Resolved later than this after it was received, a complaint needs the promised next reply "
                     "time (跟清楚).")),
]
PARAMETERS += VISIT_PARAMETERS
PARAMETERS += QUALITY_PARAMETERS
PARAMETERS += INTAKE_PARAMETERS
