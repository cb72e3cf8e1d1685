"""The only writers of customer data. One module per concern; import from here."""

from .archive import (
    ARCHIVE_BLOCKS,
    ARCHIVE_FIELDS,
    DuplicateCustomer,
    add_contact,
    attach_file,
    create_customer,
    derive_keys,
    dismiss_duplicate,
    find_duplicate,
    hand_over_customers,
    merge_customers,
    remove_contact,
    reveal_phone,
    update_contact,
    update_customer,
)

__all__ = ["ARCHIVE_BLOCKS", "ARCHIVE_FIELDS", "DuplicateCustomer", "add_contact", "attach_file", "create_customer",
           "derive_keys", "dismiss_duplicate", "find_duplicate", "hand_over_customers", "merge_customers",
           "remove_contact", "reveal_phone", "update_contact", "update_customer"]

from .grading import change_grade, regrade_all, regrade_customer
from .imports import ImportMode, import_customers, import_jobs_visible_to, start_import, upload_import
from .pipeline import (
    assign_lead,
    convert_lead,
    create_lead,
    create_opportunity,
    disqualify_lead,
    log_activity,
    mark_lead_contacted,
    move_opportunity,
    move_visit,
    plan_visit,
    remove_visit,
    send_due_reminders,
    update_activity,
    update_lead,
    update_opportunity,
)
from .pool import PoolConflict, claim_customer, release_customer, run_pool_rules

__all__ += ["assign_lead", "convert_lead", "create_lead", "create_opportunity", "disqualify_lead", "log_activity",
            "mark_lead_contacted", "move_opportunity", "move_visit", "plan_visit", "remove_visit",
            "send_due_reminders", "update_activity", "update_lead", "update_opportunity"]

__all__ += ["ImportMode", "PoolConflict", "change_grade", "claim_customer", "import_customers",
            "import_jobs_visible_to", "regrade_all", "regrade_customer", "release_customer", "run_pool_rules",
            "start_import", "upload_import"]
