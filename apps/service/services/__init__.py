"""The only writers of service-desk data. One module per concern; import from here."""

from .config import (
    create_category,
    delete_config,
    delete_view,
    save_policy,
    save_routing_rule,
    save_view,
    update_category,
)
from .escalation import escalate_overdue
from .lifecycle import (
    FiveClearsIncomplete,
    close_ticket,
    reopen_ticket,
    resolve_ticket,
    resume_ticket,
    start_return_visit,
    start_work,
    wait_for_customer,
    wait_for_department,
)
from .major import mark_major
from .routing import assign_ticket, bulk_assign, pick_agent, take_ticket, transfer_ticket
from .sla import Engines, apply_sla, refresh_open_tickets, return_visit_due
from .tickets import add_message, attach_file, create_ticket, link_customer, set_watching, update_ticket

__all__ = [
    "Engines", "FiveClearsIncomplete", "add_message", "apply_sla", "assign_ticket", "attach_file", "bulk_assign",
    "close_ticket", "create_category", "create_ticket", "delete_config", "delete_view", "escalate_overdue",
    "link_customer", "mark_major", "pick_agent", "refresh_open_tickets", "reopen_ticket", "resolve_ticket",
    "resume_ticket", "return_visit_due", "save_policy", "save_routing_rule", "save_view", "set_watching",
    "start_return_visit", "start_work", "take_ticket", "transfer_ticket", "update_category", "update_ticket",
    "wait_for_customer", "wait_for_department",
]
