import pytest
from django.db.models import Q

from core.scopes import NOTHING, DataScope, ScopeContext, ScopeFields, restrict, scope_filter, widest

FIELDS = ScopeFields(owner="owner", org_unit="unit", region="region", partner="partner")


def test_widest_prefers_the_broadest_internal_scope():
    assert widest(["own", "region", "team"]) == DataScope.REGION
    assert widest(["partner", "own"]) == DataScope.OWN


def test_widest_is_partner_only_for_partner_only_users_and_own_without_roles():
    assert widest(["partner"]) == DataScope.PARTNER
    assert widest([]) == DataScope.OWN


def test_all_scope_is_unrestricted():
    assert scope_filter(FIELDS, ScopeContext(scope=DataScope.ALL, user_id=1)) is None


def test_own_scope_filters_by_owner():
    assert scope_filter(FIELDS, ScopeContext(scope=DataScope.OWN, user_id=7)) == Q(owner=7)


def test_team_scope_adds_the_users_unit():
    ctx = ScopeContext(scope=DataScope.TEAM, user_id=7, unit_id=3)
    assert scope_filter(FIELDS, ctx) == Q(owner=7) | Q(unit=3)


def test_region_scope_covers_own_department_subtree_and_region():
    ctx = ScopeContext(scope=DataScope.REGION, user_id=7, unit_id=3, subtree_path="/1/3/", region_ids=frozenset({2}))
    assert scope_filter(FIELDS, ctx) == Q(owner=7) | Q(unit__path__startswith="/1/3/") | Q(region__in=frozenset({2}))


def test_partner_scope_matches_only_the_partner_field():
    ctx = ScopeContext(scope=DataScope.PARTNER, user_id=7, unit_id=9, partner_unit_id=9)
    assert scope_filter(FIELDS, ctx) == Q(partner=9)


def test_a_model_without_the_needed_field_shows_nothing_rather_than_everything():
    ctx = ScopeContext(scope=DataScope.PARTNER, user_id=7, partner_unit_id=9)
    assert scope_filter(ScopeFields(owner="owner"), ctx) == NOTHING


def test_anonymous_context_matches_nothing():
    assert scope_filter(FIELDS, ScopeContext(scope=DataScope.OWN)) == NOTHING


@pytest.mark.django_db
def test_restrict_refuses_a_model_that_declares_no_scope():
    from django.contrib.auth.models import Group

    with pytest.raises(TypeError):
        restrict(Group.objects.all(), None)
