"""The data-scope matrix for partners: reps see their own, regions their region, channel management everything,
a partner user only its own company (by id too)."""

import pytest
from django.http import Http404

from apps.channels import access, selectors
from apps.channels.choices import PartnerStage
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_application, make_partner, make_partner_customer, org_unit

pytestmark = pytest.mark.django_db

BEIJING = {"province_code": "110000", "city_code": "110100"}
GUANGZHOU = {"province_code": "440000", "city_code": "440100"}


@pytest.fixture
def partners():
    """Four partners: two plain ones in Beijing and Guangzhou, and the two demo partner companies."""
    alf = make_partner_customer(p.NORTH_REP, kind="partner", partner_unit=org_unit("partner-bj-alf"), **BEIJING)
    hx = make_partner_customer(p.SOUTH_REP, kind="partner", partner_unit=org_unit("partner-gz-hx"), **GUANGZHOU)
    return {
        "bj": make_partner(owner=p.NORTH_REP, customer=make_partner_customer(p.NORTH_REP, **BEIJING)),
        "gz": make_partner(owner=p.SOUTH_REP, customer=make_partner_customer(p.SOUTH_REP, **GUANGZHOU)),
        "alf": make_partner(PartnerStage.AGENT, owner=p.NORTH_REP, customer=alf),
        "hx": make_partner(owner=p.SOUTH_REP, customer=hx, territories=("440100",)),
    }


EXPECTED = {
    p.NORTH_REP: {"bj", "alf"},
    p.SOUTH_REP: {"gz", "hx"},
    p.REGIONAL_MANAGER: {"bj", "alf"},
    p.BRANCH_GM: {"gz", "hx"},
    p.DEPARTMENT_MANAGER: {"bj", "gz", "alf", "hx"},
    p.DIRECTOR: {"bj", "gz", "alf", "hx"},
    p.PARTNER_A_USER: {"alf"},
    p.PARTNER_B_USER: {"hx"},
}


@pytest.mark.parametrize(("persona", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_each_persona_sees_exactly_its_partners(partners, persona, expected):
    names = {key for key, partner in partners.items()
             if access.partners_visible_to(user(persona)).filter(pk=partner.pk).exists()}
    assert names == expected


def test_the_demo_partner_companies_keep_their_org_units(partners):
    assert partners["alf"].unit.code == "partner-bj-alf" and partners["hx"].unit.code == "partner-gz-hx"


def test_a_partner_user_opening_another_partner_by_id_gets_404(partners):
    with pytest.raises(Http404):
        selectors.get_partner_for(user(p.PARTNER_A_USER), partners["hx"].pk)
    assert selectors.get_partner_for(user(p.PARTNER_A_USER), partners["alf"].pk) == partners["alf"]


def test_territories_and_events_follow_the_partner_scope(partners):
    assert set(access.territories_visible_to(user(p.PARTNER_B_USER)).values_list("partner", flat=True)) == {
        partners["hx"].pk}
    assert set(access.events_visible_to(user(p.SOUTH_REP)).values_list("partner", flat=True)) == {
        partners["gz"].pk, partners["hx"].pk}


def test_the_portal_finds_the_partner_users_own_company(partners):
    assert selectors.own_partner_of(user(p.PARTNER_A_USER)) == partners["alf"]
    assert selectors.own_partner_of(user(p.NORTH_REP)) is None


def test_approvers_see_every_application_reps_their_own():
    north = make_application(by=p.NORTH_REP)
    south = make_application(by=p.SOUTH_REP, customer=make_partner_customer(p.SOUTH_REP, **GUANGZHOU))
    assert set(access.applications_visible_to(user(p.DEPARTMENT_MANAGER))) == {north, south}
    assert set(access.applications_visible_to(user(p.NORTH_REP))) == {north}


@pytest.mark.parametrize(("persona", "staff_pages", "portal"), [
    (p.NORTH_REP, True, False), (p.PARTNER_A_USER, False, True), (p.CS_AGENT, False, False),
])
def test_staff_see_the_partner_pages_partner_users_the_portal(persona, staff_pages, portal):
    assert access.can_view_partners(user(persona)) is staff_pages
    assert access.can_view_portal(user(persona)) is portal


def test_only_the_chain_holds_approval_rights():
    holders = {name for name in (p.DEPARTMENT_MANAGER, p.DIRECTOR, p.NORTH_REP, p.REGIONAL_MANAGER, p.BRANCH_GM)
               if access.holds_approval_right(user(name))}
    assert holders == {p.DEPARTMENT_MANAGER, p.DIRECTOR}
