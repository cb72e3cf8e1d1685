"""Generating benchmark data fast: raw multi-row inserts (COPY on PostgreSQL), the generator's own user, ANALYZE,
and reading query plans (EXPLAIN / EXPLAIN QUERY PLAN)."""

import re
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction

GENERATOR = "bench"  # username of the user that "created" every generated row (how a rerun finds them)
CHUNK = 20_000


def generator_user():
    """The inactive user recorded as creator of generated rows; created on first use."""
    user, _created = get_user_model().objects.get_or_create(
        username=GENERATOR, defaults={"is_active": False, "first_name": "Benchmark data"})
    return user


def _converter(field: models.Field):
    """How a Python value of this column becomes a database value, chosen once per column."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def column_default(field: models.Field, now):
    """The Python value a column takes when a row does not set it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    return "" if field.empty_strings_allowed and not field.null else None


def insert_rows(model: type[models.Model], rows: Iterable[dict], *, now, chunk: int = CHUNK) -> int:
    """Insert rows ({attname: Python value}; every column not given takes its default) in chunks: COPY on
    PostgreSQL, executemany elsewhere. Rows may set the primary key; sequences are reset afterwards."""
    fields = list(model._meta.concrete_fields)
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    given = [f for f in fields if f.attname in first]
    defaults = {f.attname: column_default(f, now) for f in fields if f.attname not in first and not f.primary_key}
    columns = given + [f for f in fields if f.attname in defaults]
    converters = [_converter(f) for f in columns]
    count = 0
    for batch in _chunks(_prepend(first, rows), chunk):
        values = []
        for row in batch:
            line = [row[f.attname] for f in given] + [defaults[f.attname] for f in columns[len(given):]]
            values.append([value if convert is None or value is None else convert(value)
                           for convert, value in zip(converters, line, strict=True)])
        with transaction.atomic():
            _write(model._meta.db_table, [f.column for f in columns], values)
        count += len(values)
    if any(f.primary_key for f in given):
        reset_sequence(model)
    return count


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(table: str, columns: list[str], values: list[list]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", values)


def reset_sequence(model: type[models.Model]) -> None:
    """After rows with explicit ids, the next id Django hands out follows the highest one."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def max_id(model: type[models.Model]) -> int:
    return model.objects.aggregate(top=models.Max("pk"))["top"] or 0


def analyze() -> None:
    """After a bulk load, refresh PostgreSQL's planner statistics as its autovacuum would soon do. SQLite is left
    without statistics, like a deployment that never runs ANALYZE (Django does not): with them its planner takes
    an index whose rows all share one value (merged_into_id, all NULL) for useless and scans instead."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def explain(sql: str, params=()) -> list[str]:
    """The plan of a statement as text lines (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def full_scans(plan: list[str], table: str) -> list[str]:
    """The plan lines that read the whole table (SQLite "SCAN t" without an index, PostgreSQL "Seq Scan on t")."""
    pattern = re.compile(rf"^\s*(?:->\s*)?(?:SCAN (?:TABLE )?{table}\b(?! USING)|(?:Parallel )?Seq Scan on {table}\b)")
    return [line for line in plan if pattern.search(line)]
