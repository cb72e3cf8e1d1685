"""The roles the system ships (domain.md §1) with their data scope and the rights each app grants them.

Every app may have a `roles.py` with `ROLE_GRANTS = {role_code: [perm, ...]}`; `sync_roles` merges them all,
so a new capability adds its rights without editing this file.
"""

from dataclasses import dataclass

from core.scopes import DataScope

A, D, R, T, OWN, P = (DataScope.ALL, DataScope.DEPARTMENT, DataScope.REGION, DataScope.TEAM, DataScope.OWN,
                      DataScope.PARTNER)


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    name_en: str
    scope: DataScope


ROLES = [
    RoleSpec("marketing_director", "营销总监", "Marketing director", A),
    RoleSpec("department_manager", "部门经理", "Department manager", D),
    RoleSpec("regional_manager", "大区经理", "Regional manager", R),
    RoleSpec("sales_rep", "业务员", "Sales rep", OWN),
    RoleSpec("foreign_trade_rep", "外贸业务员", "Foreign-trade rep", OWN),
    RoleSpec("sales_admin", "销售内务/营销助理", "Sales admin / marketing assistant", A),
    RoleSpec("ecommerce_specialist", "电子商务专员", "E-commerce specialist", OWN),
    RoleSpec("cs_manager", "客服经理", "CS manager", A),
    RoleSpec("cs_supervisor", "客服主管", "CS supervisor", D),
    RoleSpec("cs_group_leader", "客服组长", "CS group leader", T),
    RoleSpec("cs_agent", "客服专员", "CS agent", A),
    RoleSpec("return_visit_agent", "回访专员", "Return-visit agent", A),
    RoleSpec("qa_evaluator", "服务考评员", "QA evaluator", D),
    RoleSpec("kb_editor", "知识库编辑", "Knowledge-base editor", OWN),
    RoleSpec("aftersales_manager", "售后经理", "After-sales manager", D),
    RoleSpec("warranty_technician", "三包技术员", "Warranty technician", D),
    RoleSpec("parts_keeper", "配件仓管员", "Parts keeper", D),
    RoleSpec("service_point_technician", "特约维修点技术员", "Service-point technician", OWN),
    RoleSpec("telemarketing_manager", "电话营销经理", "Telemarketing manager", D),
    RoleSpec("shift_leader", "电话营销值班长", "Shift leader", D),
    RoleSpec("team_leader", "电话营销组长", "Team leader", T),
    RoleSpec("telemarketing_agent", "电话营销代表", "Telemarketing agent", OWN),
    RoleSpec("branch_gm", "分公司总经理", "Branch GM", R),
    RoleSpec("branch_clerk", "分公司内勤", "Branch clerk", R),
    RoleSpec("hq_clerk", "总公司内勤", "Head-office clerk", A),
    RoleSpec("finance", "财务", "Finance", A),
    RoleSpec("hr", "人力资源", "HR", A),
    RoleSpec("warehouse", "仓储物流", "Warehouse / logistics", A),
    RoleSpec("system_admin", "系统管理员", "System administrator", A),
    RoleSpec("partner_user", "合作伙伴用户", "Partner user", P),
]
ROLE_CODES = [r.code for r in ROLES]
STAFF_ROLES = [code for code in ROLE_CODES if code != "partner_user"]

_SEE_ORG = ["org.view_orgunit", "org.view_region", "org.view_position", "org.view_role", "org.view_employee",
            "core.view_workcalendar"]
_MANAGE_PEOPLE = ["org.manage_org", "org.add_employee", "org.change_employee", "org.view_full_phone"]
_MANAGE_STRUCTURE = ["org.add_orgunit", "org.change_orgunit", "org.add_role", "org.change_role",
                     "org.add_region", "org.change_region", "org.add_position", "org.change_position"]
_MANAGE_CALENDARS = ["core.add_workcalendar", "core.change_workcalendar", "core.delete_workcalendar"]

ROLE_GRANTS = {
    **{code: list(_SEE_ORG) for code in STAFF_ROLES},
    "partner_user": ["org.view_employee", "org.view_orgunit"],
}
ROLE_GRANTS["system_admin"] += _MANAGE_PEOPLE + _MANAGE_STRUCTURE + _MANAGE_CALENDARS + ["core.view_auditevent"]
ROLE_GRANTS["hr"] += _MANAGE_PEOPLE
ROLE_GRANTS["marketing_director"] += ["org.view_full_phone", "core.view_auditevent"]
ROLE_GRANTS["cs_manager"] += ["org.view_full_phone", *_MANAGE_CALENDARS]
ROLE_GRANTS["department_manager"] += ["org.view_full_phone"]
ROLE_GRANTS["system_admin"] += ["core.add_officialday", "core.change_officialday", "core.delete_officialday"]
_MANAGE_RULES = ["core.view_rulevalue", "core.change_rulevalue"]
ROLE_GRANTS["system_admin"] += _MANAGE_RULES
ROLE_GRANTS["marketing_director"] += _MANAGE_RULES
