from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient


def user(username: str):
    return get_user_model().objects.get(username=username)


def api_as(username: str | None) -> APIClient:
    """An API client logged in as the persona (None: anonymous)."""
    client = APIClient()
    if username is not None:
        client.force_authenticate(user(username))
    return client


def web_as(username: str | None) -> Client:
    """A browser-like test client with the persona's session (None: anonymous)."""
    client = Client()
    if username is not None:
        client.force_login(user(username))
    return client


@contextmanager
def max_queries(limit: int):
    """Fail if the block runs more than `limit` queries (guards lists against N+1)."""
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    assert len(ctx.captured_queries) <= limit, (
        f"{len(ctx.captured_queries)} queries (limit {limit}):\n"
        + "\n".join(q["sql"][:200] for q in ctx.captured_queries)
    )


def english(settings):
    """Run a test in English (for tests that read English labels): the default language and the active one."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    return translation.override("en")
