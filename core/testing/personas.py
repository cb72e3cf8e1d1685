"""Test personas: usernames of the demo organisation's people (built by the root conftest from the seed).

Tests speak in these names so a reader knows who is acting and what they should see.
"""

PASSWORD = "Persona-Pass-2026"

ADMIN = "admin"
DIRECTOR = "marketing_director"
DEPARTMENT_MANAGER = "department_manager"  # 市场开发部
REGIONAL_MANAGER = "regional_manager"  # 北京分公司, region scope (北京大区)
NORTH_REP = "sales_rep"  # 北京分公司, own scope
SOUTH_REP = "south_rep"  # 广州分公司, own scope
BRANCH_GM = "branch_gm"  # 广州分公司, region scope (广州大区)
CS_MANAGER = "cs_manager"
CS_SUPERVISOR = "cs_supervisor"  # 售后客服组 … department scope = 客服中心
CS_GROUP_LEADER = "cs_group_leader"  # 投诉受理组, team scope
CS_AGENT = "cs_agent"
TEAM_LEADER = "team_leader"  # 电话营销一组, team scope
TELEMARKETING_AGENT = "telemarketing_agent"
HR = "hr"
SYSTEM_ADMIN = "system_admin"
PARTNER_A_USER = "partner_user"  # 北京艾礼富科技有限公司
PARTNER_B_USER = "partner_b_user"  # 广州恒信印务器材有限公司
