"""Service-desk rights per role (merged into the roles by apps.org.services.sync_roles)."""

from .quality.roles import QUALITY_GRANTS
from .visits.roles import VISIT_GRANTS

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
ROLE_GRANTS = {code: [*ROLE_GRANTS.get(code, []), *QUALITY_GRANTS.get(code, [])]
               for code in {*ROLE_GRANTS, *QUALITY_GRANTS}}

# Knowledge base (domain.md §7): the business group's editor writes and publishes (the CS manager reviews too);
# every staff role reads published articles; those who work tickets also keep personal canned replies.
_KB_READ = ["service.view_article", "service.view_cannedreply"]
_KB_PERSONAL = [*_KB_READ, "service.add_cannedreply", "service.change_cannedreply", "service.delete_cannedreply"]
_KB_EDIT = [*_KB_PERSONAL, "service.add_article", "service.change_article", "service.publish_article",
            "service.manage_shared_cannedreply"]
for _code in sorted(ROLE_GRANTS.keys() - {"partner_user"}):
    _works = "service.change_ticket" in ROLE_GRANTS[_code]
    _kb = _KB_EDIT if _code in ("kb_editor", "cs_manager", "system_admin") else _KB_PERSONAL if _works else _KB_READ
    ROLE_GRANTS[_code] = [*ROLE_GRANTS[_code], *_kb]
ROLE_GRANTS = {code: [*ROLE_GRANTS.get(code, []), *VISIT_GRANTS.get(code, [])]
               for code in {*ROLE_GRANTS, *VISIT_GRANTS}}

# The log of mail read from the service mailbox (email intake): for the CS manager and the system administrator.
for _code in ("cs_manager", "system_admin"):
    ROLE_GRANTS[_code] = [*ROLE_GRANTS[_code], "service.view_inboundmail"]
