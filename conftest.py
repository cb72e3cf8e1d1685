"""Every test runs against the demo organisation (apps.org.seed), loaded once per test session.

Transactional tests (browser tests) flush the database; the organisation and the reference data that data
migrations install (calendars, ticket categories, SLA policies, the evaluation form) are rebuilt after them.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from core.testing.personas import PASSWORD

# Data migrations whose rows a flush removes: (module, function), re-run with the live app registry.
REFERENCE_DATA = [
    ("core.migrations.0002_seed_work_calendars", "seed"),
    ("apps.service.migrations.0002_default_categories_and_sla_policies", "install"),
    ("apps.service.migrations.0003_quality", "default_form"),
]


pytest_plugins = ["core.testing.browser"]


def _seed_if_missing():
    from apps.org.seed import seed_demo

    if not apps.get_model("core", "WorkCalendar").objects.exists():
        for module, function in REFERENCE_DATA:
            getattr(import_module(module), function)(apps, None)
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
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
