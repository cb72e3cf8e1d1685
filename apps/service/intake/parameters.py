"""Limits of the public support form and status page as dated parameters; `apps.service.parameters` declares
them."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Service desk: public support form")

INTAKE_PARAMETERS = [
    Parameter("service.web_form_per_ip_per_hour", _("Support-form submissions per IP address per hour"), 10,
              kind="integer", section=SECTION,
              help=_("Every submission counts, accepted or not; beyond it the form answers 429.")),
    Parameter("service.web_form_per_phone_per_day", _("Support-form requests per phone number per day"), 5,
              kind="integer", section=SECTION),
    Parameter("service.web_form_min_seconds", _("Seconds a person needs at least to fill in the support form"), 3,
              kind="integer", section=SECTION,
              help=_("Faster submissions are taken for robots and refused.")),
    Parameter("service.web_form_max_links", _("Links allowed in a support-form request"), 2, kind="integer",
              section=SECTION),
    Parameter("service.web_form_attachment_mb", _("Largest support-form attachment (MB)"), 10, kind="integer",
              section=SECTION),
    Parameter("service.status_lookups_per_ip_per_hour", _("Ticket-status lookups per IP address per hour"), 20,
              kind="integer", section=SECTION),
    Parameter("service.status_failures_per_ticket_per_day", _("Failed status lookups of one ticket number per day"),
              10, kind="integer", section=SECTION,
              help=_("Beyond it the ticket's status page stays locked for the day, whoever asks.")),
]
