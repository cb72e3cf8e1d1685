"""Migrations whose SQL differs by database back end (FTS5 tables on SQLite, GIN indexes on PostgreSQL)."""

from collections.abc import Callable

from django.db import migrations

# vendor ("sqlite", "postgresql") -> (statements forwards, statements backwards)
Statements = Callable[[str], tuple[list[str], list[str]]]


def run_for_vendor(statements: Statements) -> migrations.RunPython:
    """An operation that runs, each way, only the statements `statements` gives the database it migrates."""
    def forwards(apps, schema_editor):
        _execute(schema_editor, statements(schema_editor.connection.vendor)[0])

    def backwards(apps, schema_editor):
        _execute(schema_editor, statements(schema_editor.connection.vendor)[1])

    return migrations.RunPython(forwards, backwards, elidable=False)


def _execute(schema_editor, sql: list[str]) -> None:
    for statement in sql:
        schema_editor.execute(statement, params=None)
