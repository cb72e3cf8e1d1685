"""Settings of `make bench`: the development settings on a database of their own, so the demo stays untouched.

SQLite var/bench.sqlite3 (WAL) unless DATABASE_URL names another database (e.g. postgres://…/bench, created by the
bench command when missing). Files the benchmarks write (import uploads, the demo password) live under var/bench/.
"""

import dj_database_url

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, VAR_DIR, caches_for

BENCH_DATABASE = True  # `manage.py bench` refuses to fill any other database with a million rows
DEBUG = False  # no query log kept in memory: the harness counts queries itself
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]  # the in-process WSGI client is "testserver"

BENCH_DIR = VAR_DIR / "bench"
BENCH_DIR.mkdir(exist_ok=True)
VAR_DIR = BENCH_DIR  # seed_demo's password file goes here, not over the demo's
MEDIA_ROOT = BENCH_DIR / "media"

DATABASES = {
    "default": dj_database_url.config(env="DATABASE_URL", default=f"sqlite:///{VAR_DIR.parent / 'bench.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }

CACHES = caches_for(DATABASES["default"])  # keys of the bench database's own

# Generated rows need no background work; a benchmark calls the job function itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# 200 requests/s for a minute must not meet the API's per-user throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "1000000/minute",
                                                              "auth": "100000/minute"}}
