"""Service-desk rights per role (merged into the roles by apps.org.services.sync_roles)."""

# Staff outside the service centre may log a ticket for a customer and follow it.
_OTHER_STAFF = ["department_manager", "regional_manager", "sales_rep", "foreign_trade_rep", "ecommerce_specialist",
                "kb_editor", "parts_keeper", "service_point_technician", "telemarketing_manager", "shift_leader",
                "team_leader", "telemarketing_agent", "branch_gm", "branch_clerk", "hq_clerk", "finance", "hr",
                "warehouse"]
_CREATE = ["service.view_ticket", "service.add_ticket", "service.view_ticketcategory"]
_WORK = [*_CREATE, "service.change_ticket", "service.view_slapolicy", "service.view_routingrule"]
_LEAD = [*_WORK, "service.assign_ticket"]
_CONFIG = [f"service.{verb}_{model}" for model in ("ticketcategory", "slapolicy", "routingrule")
           for verb in ("add", "change", "delete", "view")]
_MANAGE = [*_LEAD, *_CONFIG, "service.view_all_tickets"]

ROLE_GRANTS = {
    **{code: list(_CREATE) for code in _OTHER_STAFF},
    "cs_manager": _MANAGE,
    "cs_supervisor": _MANAGE,
    "system_admin": _MANAGE,
    "cs_group_leader": _LEAD,
    "cs_agent": _WORK,
    "return_visit_agent": _WORK,
    "sales_admin": _WORK,
    "aftersales_manager": _LEAD,
    "warranty_technician": _WORK,
    "qa_evaluator": [*_CREATE, "service.view_all_tickets", "service.view_slapolicy"],
    "marketing_director": [*_CREATE, "service.view_all_tickets", "service.view_slapolicy",
                           "service.view_routingrule"],
    "partner_user": ["service.view_ticket", "service.add_ticket", "service.view_ticketcategory"],
}
