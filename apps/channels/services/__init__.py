"""The only writers of channel data. One module per concern; import from here."""

from .applications import (
    CRITERIA_FIELDS,
    apply_application,
    approve_application,
    attach_evidence,
    promote_partner,
    reject_application,
    submit_application,
)
from .files import attach_file
from .partners import (
    PROFILE_FIELDS,
    add_territory,
    admit_partner,
    attach_authorisation,
    create_applicant,
    ensure_partner_unit,
    grant_portal_login,
    record_portal_login,
    remove_territory,
    resume_partner,
    suspend_partner,
    terminate_partner,
    update_partner,
)
from .scorecards import create_quarterly_scorecards, fill_scorecard
from .trials import TRIAL_EXPIRED, expire_trials, send_trial_notices

__all__ = [
    "CRITERIA_FIELDS", "PROFILE_FIELDS", "TRIAL_EXPIRED", "add_territory", "admit_partner", "apply_application",
    "approve_application", "attach_authorisation", "attach_evidence", "attach_file", "create_applicant",
    "create_quarterly_scorecards", "ensure_partner_unit", "expire_trials", "fill_scorecard", "grant_portal_login",
    "promote_partner", "record_portal_login", "reject_application", "remove_territory", "resume_partner",
    "send_trial_notices", "submit_application", "suspend_partner", "terminate_partner", "update_partner",
]
