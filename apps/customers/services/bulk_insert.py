"""Fast inserts for imports: many rows of a model and one history row each, streamed in a few statements.

Django's bulk_create prepares every field of every row in Python (a customer has ~75 columns), which makes a
10,000-row import take many seconds. Here the values rows share (defaults, timestamps, the importer) are prepared
once per field; what differs per row must already be database-ready (text, integers, None). The ids are known
before the rows are written, so nothing is read back: on PostgreSQL they are drawn from the table's sequence and
the rows streamed with COPY; on SQLite the first row is inserted alone and the rest take the ids after it in
multi-row INSERTs — that first INSERT takes the database's write lock, which the transaction keeps until it ends.
A few hundred rows a statement rather than one (executemany): the triggers that keep the search's FTS5 tables
(migration 0003) make SQLite flush the FTS index once per statement: ≈0.4 ms a row when rows go one by one.
"""

import itertools
import operator
import sqlite3

from django.db import connection, models, transaction

_ROWS_PER_STATEMENT = 500  # more saves nothing measurable


@transaction.atomic
def insert_with_history(model: type[models.Model], rows: list[dict], *, shared: dict, now, user,
                        reason: str) -> list[int]:
    """Insert `rows` ({attname: db-ready value}) plus `shared` values as `model` rows with history; their ids."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    filled = _rows(fields, _template(fields, shared, now), rows)
    table, pk = model._meta.db_table, model._meta.pk
    if connection.vendor == "postgresql":
        ids = _reserve_ids(table, pk.column, len(filled))
    else:
        first = _insert_one(table, fields, filled[0])
        ids = range(first, first + len(filled))
    written = [(pk_value, *row) for pk_value, row in zip(ids, filled, strict=True)]
    _write(table, [pk, *fields], written if connection.vendor == "postgresql" else written[1:])
    _insert_history(model, [pk, *fields], written, now=now, user=user, reason=reason)
    return list(ids)


def _reserve_ids(table: str, column: str, count: int) -> list[int]:
    """`count` ids from the table's sequence (PostgreSQL), in increasing order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [connection.ops.quote_name(table), column, count])
        return sorted(row[0] for row in cursor.fetchall())


def _insert_one(table: str, fields: list, row: list) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", row)
        return cursor.lastrowid


def _insert_history(model, fields: list, written: list[tuple], *, now, user, reason: str) -> None:
    """One "+" history row per written row (`fields` its columns), holding the same values (the tracked ones)."""
    history = model.history.model
    extra = {"history_date": now, "history_type": "+", "history_change_reason": reason[:100],
             "history_user_id": user.pk if user is not None else None}
    position = {field.attname: index for index, field in enumerate(fields)}
    history_fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    copied = [f for f in history_fields if f.attname in position]
    own = [f for f in history_fields if f.attname not in position]
    pick = operator.itemgetter(*(position[f.attname] for f in copied))
    constants = tuple(_template(own, extra, now))
    _write(history._meta.db_table, copied + own, [pick(row) + constants for row in written])


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


def _write(table: str, fields: list, rows: list) -> None:
    """COPY on PostgreSQL, INSERTs of as many rows as one statement takes elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Django assumes SQLite's old 999-parameter limit (13 customer rows); the library's own is far higher.
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per_statement = max(1, min(_ROWS_PER_STATEMENT, limit // len(fields)))
        placeholders = f"({', '.join('?' * len(fields))})"
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES {', '.join([placeholders] * len(batch))}"
            # Straight to sqlite3 with its own `?`: Django's rewrite of `%s` takes ≈8 ms on a 500-row statement.
            sqlite3.Cursor.execute(cursor.cursor, sql, list(itertools.chain.from_iterable(batch)))
