"""The only writers of return visits and of the satisfaction follow-up. One module per concern; import from here."""

from .findings import complete_step, open_finding
from .links import LinkExpired, LinkInvalid, issue_link, send_link
from .planning import plan_member_visits, plan_ticket_visit
from .recording import (
    assign_return_visit,
    cancel_return_visit,
    record_return_visit,
    schedule_return_visit,
)

__all__ = ["LinkExpired", "LinkInvalid", "assign_return_visit", "cancel_return_visit", "complete_step",
           "issue_link", "open_finding", "plan_member_visits", "plan_ticket_visit", "record_return_visit",
           "schedule_return_visit", "send_link"]
