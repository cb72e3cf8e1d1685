"""Fast inserts for imports: many rows of a model and one history row each, in a few multi-row INSERTs.

Django's bulk_create prepares every field of every row in Python (a customer has ~75 columns), which makes a
10,000-row import take many seconds. Here the values rows share (defaults, timestamps, the importer) are prepared
once per field; what differs per row must already be database-ready (text, integers, None). Like bulk_create, it
relies on INSERT … RETURNING giving the ids in the order of the rows; backends without it use bulk_create.
"""

import sqlite3

from django.db import connection, models
from simple_history.utils import bulk_create_with_history

_ROWS_PER_STATEMENT = 500


def insert_with_history(model: type[models.Model], rows: list[dict], *, shared: dict, now, user,
                        reason: str) -> list[int]:
    """Insert `rows` ({attname: db-ready value}) plus `shared` values as `model` rows with history; their ids."""
    if not rows:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        objects = [model(**shared, **row) for row in rows]
        bulk_create_with_history(objects, model, batch_size=_ROWS_PER_STATEMENT, default_user=user,
                                 default_change_reason=reason, default_date=now)
        return [obj.pk for obj in objects]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    filled = _rows(fields, _template(fields, shared, now), rows)
    ids = _insert(model._meta.db_table, fields, filled, returning=model._meta.pk.column)
    _insert_history(model, fields, filled, ids, now=now, user=user, reason=reason)
    return ids


def _insert_history(model, fields: list, filled: list[list], ids: list[int], *, now, user, reason: str) -> None:
    """One "+" history row per inserted row, holding the same values (the tracked ones)."""
    history = model.history.model
    history_fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    extra = {"history_date": now, "history_type": "+", "history_change_reason": reason[:100],
             "history_user_id": user.pk if user is not None else None}
    own = dict(zip(history_fields, _template(history_fields, extra, now), strict=True))
    position = {field.attname: index for index, field in enumerate(fields)}
    picks = [(position.get(field.attname), own[field]) for field in history_fields]
    id_index = next(i for i, field in enumerate(history_fields) if field.attname == model._meta.pk.attname)
    rows = []
    for row, pk in zip(filled, ids, strict=True):
        values = [row[index] if index is not None else value for index, value in picks]
        values[id_index] = pk
        rows.append(values)
    _insert(history._meta.db_table, history_fields, rows)


def _template(fields: list, shared: dict, now) -> list:
    """Each column's database value for a row that sets nothing itself: shared value, default, or blank."""
    values = []
    for field in fields:
        if field.attname in shared:
            value = shared[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        else:
            value = "" if field.empty_strings_allowed and not field.null else None
        values.append(field.get_db_prep_save(value, connection))
    return values


def _rows(fields: list, template: list, rows: list[dict]) -> list[list]:
    """The template filled with each row's own values (every row sets the same columns as the first)."""
    own = [(index, field.attname) for index, field in enumerate(fields) if field.attname in rows[0]]
    filled = []
    for values in rows:
        row = list(template)
        for index, name in own:
            row[index] = values[name]
        filled.append(row)
    return filled


def _max_params() -> int | None:
    """Bind parameters allowed per statement: SQLite's real limit (Django assumes the old default of 999)."""
    if connection.vendor != "sqlite":
        return connection.features.max_query_params
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _insert(table: str, fields: list, rows: list[list], returning: str | None = None) -> list[int]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = _max_params()
    per_statement = max(1, min(_ROWS_PER_STATEMENT, limit // len(fields) if limit else _ROWS_PER_STATEMENT))
    suffix = f" RETURNING {quote(returning)}" if returning else ""
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}{suffix}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
