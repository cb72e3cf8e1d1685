"""Every test runs against the demo organisation (apps.org.seed), loaded once per test session.

Transactional tests (browser tests) flush the database; the organisation is rebuilt after them.
"""

import pytest
from django.contrib.auth import get_user_model

from core.testing.personas import PASSWORD

pytest_plugins = ["core.testing.browser"]


def _seed_if_missing():
    from apps.org.seed import seed_demo

    if not get_user_model().objects.filter(username="admin").exists():
        seed_demo({"password": PASSWORD, "crowd": False})


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _seed_if_missing()


@pytest.fixture(autouse=True)
def _organisation(request, django_db_blocker):
    """Re-seed after a transactional test flushed the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        with django_db_blocker.unblock():
            _seed_if_missing()
    yield


@pytest.fixture(autouse=True)
def _reset_axes_and_cache():
    from django.core.cache import cache

    cache.clear()
    yield
