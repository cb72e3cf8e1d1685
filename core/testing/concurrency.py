"""Running work in parallel threads, each on its own database connection, for race-condition tests.

SQLite runs them on a file-backed copy of the test database (an in-memory database cannot be shared between
connections safely); PostgreSQL runs them on the test database itself.
"""

import sqlite3
import threading
from contextlib import contextmanager

from django.db import connection, connections


@contextmanager
def shared_database(tmp_path):
    """Point new connections at a database every thread can open; SQLite gets a file copy of the test DB."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def in_threads(work, count: int) -> list:
    """Run `work(index)` in `count` threads released together; each closes its connection at the end. The result
    list holds each thread's return value or the exception it raised."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def in_thread(work):
    """Run `work()` on a fresh connection (reads what the parallel threads committed)."""
    return in_threads(lambda _index: work(), 1)[0]
