"""Customer rights per role (merged into the roles by apps.org.services.sync_roles)."""

_VIEW = ["customers.view_customer", "customers.view_contact", "customers.view_activity",
         "customers.view_opportunity", "customers.view_lead", "customers.view_visitplan", "customers.view_tag"]
_WORK = [*_VIEW, "customers.add_customer", "customers.change_customer", "customers.add_contact",
         "customers.change_contact", "customers.delete_contact", "customers.add_activity",
         "customers.change_activity", "customers.add_opportunity", "customers.change_opportunity",
         "customers.add_lead", "customers.change_lead", "customers.add_visitplan", "customers.change_visitplan",
         "customers.delete_visitplan", "customers.claim_customer"]
_MANAGE = [*_WORK, "customers.export_customer", "customers.import_customer", "customers.merge_customer",
           "customers.reassign_customer", "customers.add_tag", "customers.change_tag"]

ROLE_GRANTS = {
    "marketing_director": _MANAGE,
    "department_manager": _MANAGE,
    "regional_manager": _MANAGE,
    "branch_gm": _MANAGE,
    "sales_admin": _MANAGE,
    "system_admin": _MANAGE,
    "sales_rep": [*_WORK, "customers.import_customer"],
    "foreign_trade_rep": _WORK,
    "ecommerce_specialist": [*_WORK, "customers.import_customer"],
    "branch_clerk": _WORK,
    "hq_clerk": _WORK,
    "cs_manager": [*_WORK, "customers.export_customer"],
    "cs_supervisor": _WORK,
    "cs_group_leader": _WORK,
    "cs_agent": ["customers.view_customer", "customers.view_contact", "customers.view_activity",
                 "customers.add_customer", "customers.change_customer", "customers.add_contact",
                 "customers.add_activity"],
    "return_visit_agent": ["customers.view_customer", "customers.view_contact", "customers.add_activity"],
    "telemarketing_manager": [*_WORK, "customers.import_customer", "customers.export_customer"],
    "shift_leader": _WORK,
    "team_leader": _WORK,
    "telemarketing_agent": ["customers.view_customer", "customers.view_contact", "customers.add_customer",
                            "customers.add_contact", "customers.add_activity", "customers.view_activity"],
    "aftersales_manager": _VIEW,
    "warranty_technician": _VIEW,
    "finance": _VIEW,
    "partner_user": ["customers.view_customer", "customers.view_contact"],
}
