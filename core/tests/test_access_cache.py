"""The access cache: a user's permission set and data scope are read once and then served from the cache every worker
process shares; a change to the user's groups, permissions or flags reaches their next request, in any process.

A "next request" is a user row loaded afresh, as the authentication middleware does."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from config.settings.base import caches_for
from core import access_cache
from core.scopes import scope_context
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db

MANAGE_ORG = "org.manage_org"  # a right the CS agent's role does not have


@pytest.fixture
def manage_org():
    return Permission.objects.get(content_type__app_label="org", codename="manage_org")


@pytest.fixture
def org_admins(manage_org):
    group = Group.objects.create(name="org admins")
    group.permissions.add(manage_org)
    return group


def agent_may_manage_org() -> bool:
    return user(p.CS_AGENT).has_perm(MANAGE_ORG)


def test_the_next_request_reads_permissions_and_scope_without_queries():
    first = user(p.CS_AGENT)
    first.has_perm("customers.view_customer")
    scope_context(first)
    following = user(p.CS_AGENT)
    with CaptureQueriesContext(connection) as queries:
        assert following.has_perm("customers.view_customer")
        assert scope_context(following) == scope_context(first)
    assert queries.captured_queries == []


def test_joining_a_group_grants_its_permissions_on_the_next_request(org_admins):
    assert not agent_may_manage_org()
    user(p.CS_AGENT).groups.add(org_admins)
    assert agent_may_manage_org()


def test_a_group_taking_in_the_user_grants_its_permissions_on_the_next_request(org_admins):
    assert not agent_may_manage_org()
    org_admins.user_set.add(user(p.CS_AGENT))
    assert agent_may_manage_org()
    org_admins.user_set.clear()
    assert not agent_may_manage_org()


def test_a_change_to_the_users_group_reaches_the_next_request(manage_org):
    role_group = user(p.CS_AGENT).groups.get()
    assert not agent_may_manage_org()
    role_group.permissions.add(manage_org)
    assert agent_may_manage_org()
    role_group.permissions.remove(manage_org)
    assert not agent_may_manage_org()


def test_a_direct_permission_reaches_the_next_request(manage_org):
    assert not agent_may_manage_org()
    user(p.CS_AGENT).user_permissions.add(manage_org)
    assert agent_may_manage_org()


def test_deleting_a_group_takes_its_permissions_away_on_the_next_request(org_admins):
    user(p.CS_AGENT).groups.add(org_admins)
    assert agent_may_manage_org()
    org_admins.delete()
    assert not agent_may_manage_org()


def test_becoming_superuser_grants_everything_on_the_next_request():
    assert not agent_may_manage_org()
    agent = user(p.CS_AGENT)
    agent.is_superuser = True
    agent.save()
    assert agent_may_manage_org()


def test_a_change_is_announced_again_when_its_transaction_commits(django_capture_on_commit_callbacks):
    agent = user(p.CS_AGENT)
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    with django_capture_on_commit_callbacks() as commit:
        access_cache.forget(agent.pk)
        # another process reads before the change commits: it files the old state under the new token …
        assert access_cache.remember(agent, "probe", compute) == 1
    for callback in commit:
        callback()
    # … which nobody reads after the commit.
    assert access_cache.remember(agent, "probe", compute) == 2


def test_each_database_gets_its_own_keys_and_redis_serves_every_process_when_named(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    demo = caches_for({"ENGINE": "sqlite3", "NAME": "var/db.sqlite3"}, tmp_path)
    bench = caches_for({"ENGINE": "sqlite3", "NAME": "var/bench.sqlite3"}, tmp_path)
    assert demo["access"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert demo["access"]["LOCATION"] == str(tmp_path)
    assert demo["access"]["KEY_PREFIX"] != bench["access"]["KEY_PREFIX"]
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    redis = caches_for({"ENGINE": "sqlite3", "NAME": "var/db.sqlite3"}, tmp_path)
    assert {c["BACKEND"] for c in redis.values()} == {"django.core.cache.backends.redis.RedisCache"}
    assert redis["default"]["KEY_PREFIX"] != redis["access"]["KEY_PREFIX"]


def test_production_settings_keep_sessions_and_access_in_the_shared_file_cache():
    from config.settings import base

    assert base.CACHES["access"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert (base.SESSION_ENGINE, base.SESSION_CACHE_ALIAS) == ("django.contrib.sessions.backends.cached_db", "access")
    assert "core.access_cache.CachedModelBackend" in base.AUTHENTICATION_BACKENDS


# -- the shared file cache, as deployed: another process sees the change ---------------------------------------------

OTHER_PROCESS = """
import sys, json, django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
                   CACHES=json.loads(sys.argv[1]))
django.setup()
from core import access_cache
class User:
    pk = int(sys.argv[2])
print(access_cache.remember(User(), "probe", lambda: sys.argv[3]))
"""


def remembered_in_another_process(caches: dict, user_id: int, computed_now: str) -> str:
    """What a second worker process gets from the shared cache for this user (computing `computed_now` on a miss)."""
    result = subprocess.run([sys.executable, "-c", OTHER_PROCESS, json.dumps(caches), str(user_id), computed_now],
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def file_caches(tmp_path):
    caches = caches_for(settings.DATABASES["default"], tmp_path)
    with override_settings(CACHES=caches):
        yield caches


def test_another_process_sees_a_group_change_through_the_file_cache(file_caches, org_admins):
    agent = user(p.CS_AGENT)
    assert remembered_in_another_process(file_caches, agent.pk, "before") == "before"
    assert remembered_in_another_process(file_caches, agent.pk, "after") == "before"  # shared, not recomputed
    agent.groups.add(org_admins)
    assert remembered_in_another_process(file_caches, agent.pk, "after") == "after"


def test_the_file_cache_serves_and_invalidates_permissions_like_the_test_cache(file_caches, org_admins):
    assert not agent_may_manage_org()
    following = user(p.CS_AGENT)
    with CaptureQueriesContext(connection) as queries:
        assert not following.has_perm(MANAGE_ORG)
    assert queries.captured_queries == []
    org_admins.user_set.add(following)
    assert agent_may_manage_org()
