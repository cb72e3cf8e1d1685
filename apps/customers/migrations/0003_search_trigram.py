"""Substring search of customer and contact names from trigram indexes (apps/customers/selectors/substring.py,
docs/decisions/0010-trigram-search.md). Each back end runs only its own statements, both ways:

- SQLite: FTS5 tables with the trigram tokenizer (rowid = the customer's or contact's id), kept in step by triggers
  on the two tables, so every write path (ORM saves, QuerySet.update, the importer's executemany, merges, deletes,
  raw SQL) keeps them right; filled here from the rows already there.
- PostgreSQL: pg_trgm GIN indexes on exactly the expressions the ORM's lookups compile to: `icontains` is
  `UPPER(name::text) LIKE UPPER(…)`, `contains` is `name_pinyin::text LIKE …` (the cast is no-op for the index).

A later migration that makes SQLite rebuild customers_customer or customers_contact (Django remakes a table for most
field changes there) drops their triggers: it must create them again (test_search_index.py checks they exist).
"""

from django.db import migrations

from core.vendor_sql import run_for_vendor

CUSTOMER_FTS = "customers_customer_fts"  # = selectors.substring.CUSTOMER_FTS
CONTACT_FTS = "customers_contact_fts"  # = selectors.substring.CONTACT_FTS
CUSTOMER_COLUMNS = ("name", "name_initials", "name_pinyin")


def _sqlite_index(fts: str, table: str, columns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(forwards, backwards) statements of one FTS5 trigram table mirroring `columns` of `table` by triggers."""
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    assigned = ", ".join(f"{c} = new.{c}" for c in columns)
    forwards = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {listed} ON {table} WHEN {changed} BEGIN "
        f"UPDATE {fts} SET {assigned} WHERE rowid = new.id; END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
        f"INSERT INTO {fts} (rowid, {listed}) SELECT id, {listed} FROM {table}",
    ]
    backwards = [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "update", "delete")]
    return forwards, [*backwards, f"DROP TABLE IF EXISTS {fts}"]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        customer = _sqlite_index(CUSTOMER_FTS, "customers_customer", CUSTOMER_COLUMNS)
        contact = _sqlite_index(CONTACT_FTS, "customers_contact", ("name",))
        return customer[0] + contact[0], contact[1] + customer[1]
    if vendor == "postgresql":
        indexes = {
            "customer_name_trgm": "customers_customer USING gin ((UPPER(name::text)) gin_trgm_ops)",
            "customer_initials_trgm": "customers_customer USING gin (name_initials gin_trgm_ops)",
            "customer_pinyin_trgm": "customers_customer USING gin (name_pinyin gin_trgm_ops)",
            "contact_name_trgm": "customers_contact USING gin ((UPPER(name::text)) gin_trgm_ops)",
        }
        # The extension stays on the way back: the knowledge base's indexes (service.0004) use it too.
        return (["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
                + [f"CREATE INDEX {name} ON {target}" for name, target in indexes.items()],
                [f"DROP INDEX IF EXISTS {name}" for name in indexes])
    return [], []


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0002_sparse_merge_indexes'),
    ]

    operations = [
        run_for_vendor(_statements),
    ]
