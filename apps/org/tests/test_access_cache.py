"""A user's data-scope context is kept in the access cache between requests (core.access_cache), yet every change to
their roles, unit or scope reaches their next request. "Next request": the user row loaded afresh."""

import pytest
from django.core.cache import caches

from apps.org import services
from apps.org.models import Role
from config.settings.base import caches_for
from core.scopes import DataScope, scope_context
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db


def scope_of(username: str):
    return scope_context(user(username))


def test_new_roles_reach_the_next_request():
    assert scope_of(p.NORTH_REP).scope == DataScope.OWN
    services.update_employee(actor=user(p.ADMIN), employee=user(p.NORTH_REP).employee, roles=["regional_manager"])
    assert scope_of(p.NORTH_REP).scope == DataScope.REGION


def test_a_move_to_another_unit_reaches_the_next_request():
    south = user(p.SOUTH_REP).employee.org_unit
    assert scope_of(p.NORTH_REP).unit_id != south.pk
    services.update_employee(actor=user(p.ADMIN), employee=user(p.NORTH_REP).employee, org_unit=south)
    moved = scope_of(p.NORTH_REP)
    assert (moved.unit_id, moved.unit_path) == (south.pk, south.path)


def test_a_scope_override_reaches_the_next_request():
    assert scope_of(p.NORTH_REP).scope == DataScope.OWN
    services.set_scope_override(actor=user(p.ADMIN), employee=user(p.NORTH_REP).employee, scope="team",
                                reason="covering")
    assert scope_of(p.NORTH_REP).scope == DataScope.TEAM


def test_a_roles_new_data_scope_reaches_everyone_holding_it():
    assert {scope_of(p.NORTH_REP).scope, scope_of(p.SOUTH_REP).scope} == {DataScope.OWN}
    services.update_role(actor=user(p.ADMIN), role=Role.objects.get(code="sales_rep"), data_scope="team")
    assert {scope_of(p.NORTH_REP).scope, scope_of(p.SOUTH_REP).scope} == {DataScope.TEAM}


def test_moving_a_unit_reaches_the_next_request_of_the_people_in_it():
    unit = user(p.NORTH_REP).employee.org_unit
    new_parent = user(p.SOUTH_REP).employee.org_unit
    assert not scope_of(p.NORTH_REP).unit_path.startswith(new_parent.path)
    services.update_org_unit(actor=user(p.ADMIN), unit=unit, parent=new_parent)
    assert scope_of(p.NORTH_REP).unit_path == f"{new_parent.path}{unit.pk}/"


def test_a_fresh_reader_of_the_shared_file_cache_sees_new_roles(settings, tmp_path):
    settings.CACHES = caches_for(settings.DATABASES["default"], tmp_path)
    assert scope_of(p.NORTH_REP).scope == DataScope.OWN
    services.update_employee(actor=user(p.ADMIN), employee=user(p.NORTH_REP).employee, roles=["regional_manager"])
    del caches["access"]  # a new cache connection reading the same files, as another worker process has
    assert scope_of(p.NORTH_REP).scope == DataScope.REGION
