"""Return-visit rights per role, merged into `apps.service.roles.ROLE_GRANTS`.

The return-visit room calls customers about tickets of every group, so its agents see every ticket; the CS roles
record visits; group leaders and managers assign them; heads of departments answer follow-up steps with measures.
Return-visit agents dial customers by hand (there is no click-to-dial yet), so they may read full phone numbers;
each reveal is audited.
"""

_VIEW = ["service.view_returnvisit", "service.view_findingstep"]
_RECORD = [*_VIEW, "service.change_returnvisit", "service.change_findingstep"]
_ASSIGN = [*_RECORD, "service.assign_returnvisit"]
_DEPARTMENT = ["service.view_findingstep", "service.change_findingstep"]

VISIT_GRANTS = {
    "return_visit_agent": [*_RECORD, "service.view_all_tickets", "org.view_full_phone"],
    "cs_agent": _RECORD,
    "cs_group_leader": _ASSIGN,
    "cs_supervisor": _ASSIGN,
    "cs_manager": _ASSIGN,
    "system_admin": _ASSIGN,
    "aftersales_manager": _DEPARTMENT,
    "department_manager": _DEPARTMENT,
    "regional_manager": _DEPARTMENT,
    "branch_gm": _DEPARTMENT,
    "telemarketing_manager": _DEPARTMENT,
    "marketing_director": _VIEW,
    "qa_evaluator": _VIEW,
}
