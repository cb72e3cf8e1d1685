"""The data-scope matrix over the seeded roles: each persona sees exactly these employees."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.org import access, services
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db

CS_CENTRE = {"cs_manager", "cs_supervisor", "cs_group_leader", "cs_agent", "return_visit_agent", "qa_evaluator",
             "kb_editor"}

EXPECTED = {
    p.NORTH_REP: {"sales_rep"},
    p.SOUTH_REP: {"south_rep"},
    p.DEPARTMENT_MANAGER: {"department_manager"},
    p.REGIONAL_MANAGER: {"regional_manager", "sales_rep", "service_point_technician", "partner_user"},
    p.BRANCH_GM: {"branch_gm", "branch_clerk", "south_rep", "partner_b_user"},
    p.CS_SUPERVISOR: CS_CENTRE,
    p.CS_GROUP_LEADER: {"cs_group_leader", "cs_agent"},
    p.TEAM_LEADER: {"team_leader", "telemarketing_agent"},
    p.PARTNER_A_USER: {"partner_user"},
    p.PARTNER_B_USER: {"partner_b_user"},
}


def visible_usernames(username):
    return set(access.employees_visible_to(user(username)).values_list("user__username", flat=True))


@pytest.mark.parametrize(("persona", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_each_persona_sees_exactly_its_scope(persona, expected):
    assert visible_usernames(persona) == expected


@pytest.mark.parametrize("persona", [p.DIRECTOR, p.CS_MANAGER, p.HR, p.SYSTEM_ADMIN, p.ADMIN])
def test_all_scope_roles_see_everyone(persona):
    everyone = set(get_user_model().objects.filter(employee__isnull=False).values_list("username", flat=True))
    assert visible_usernames(persona) == everyone


def test_a_user_with_several_roles_gets_the_widest_scope():
    rep = user(p.NORTH_REP)
    rep.groups.add(Group.objects.get(name="regional_manager"))
    assert visible_usernames(p.NORTH_REP) == EXPECTED[p.REGIONAL_MANAGER]


def test_scope_override_replaces_the_roles_scope():
    rep = user(p.NORTH_REP)
    services.set_scope_override(actor=user(p.ADMIN), employee=rep.employee, scope="team", reason="covering")
    assert visible_usernames(p.NORTH_REP) == {"regional_manager", "sales_rep"}


def test_inactive_user_sees_nothing():
    rep = user(p.NORTH_REP)
    rep.is_active = False
    assert not access.employees_visible_to(rep).exists()


def test_partner_user_sees_only_its_own_company_in_the_org_tree():
    units = list(access.org_units_visible_to(user(p.PARTNER_A_USER)).values_list("code", flat=True))
    assert units == ["partner-bj-alf"]


def test_staff_see_the_whole_org_tree():
    assert access.org_units_visible_to(user(p.NORTH_REP)).filter(code="cs-center").exists()
