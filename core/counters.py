"""Counter rows that never go wrong under parallel requests, on SQLite and PostgreSQL alike: one UPDATE … RETURNING
adds one and reads the result in the caller's transaction (PostgreSQL keeps the row locked until it ends, SQLite its
write lock), and the row is made on first use, a concurrent first use falling back to the UPDATE."""

from django.db import IntegrityError, connection, models, transaction


def _add_one(model: type[models.Model], column: str, key: dict) -> int | None:
    quote, fields = connection.ops.quote_name, {name: model._meta.get_field(name) for name in key}
    where = " AND ".join(f"{quote(field.column)} = %s" for field in fields.values())
    params = [field.get_db_prep_value(key[name], connection) for name, field in fields.items()]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = {quote(column)} + 1 "
                       f"WHERE {where} RETURNING {quote(column)}", params)
        row = cursor.fetchone()
    return row[0] if row else None


def increment(model: type[models.Model], column: str, key: dict, **create) -> int:
    """Add one to `column` of the `model` row matching `key` (unique together) and return the new count; the first
    use makes the row with count 1 and `create`'s other values."""
    counted = _add_one(model, column, key)
    if counted is not None:
        return counted
    try:
        with transaction.atomic():
            model.objects.create(**key, **create, **{column: 1})
        return 1
    except IntegrityError:  # another transaction made the row at the same moment
        return _add_one(model, column, key)
