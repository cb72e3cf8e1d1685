"""Two-character substring search of customer and contact names from bigram indexes (apps/customers/selectors/
substring.py, docs/decisions/0010-trigram-search.md). Nothing is added to the tables: each back end derives the
bigrams itself, so every write path keeps them right, and runs only its own statements, both ways:

- SQLite: contentless FTS5 tables (rowid = the customer's or contact's id) of one token per adjacent pair of
  characters of lower(name) — hex of the pair's UTF-8 bytes, so any character stays inside its token —; kept by
  triggers like 0003's (a contentless table forgets what it indexed, so a change or delete hands it the old row's
  tokens again, computed the same way), filled here from the rows already there in one statement.
- PostgreSQL: an immutable function `customers_bigrams(text) -> text[]` and GIN indexes over it applied to exactly
  the expression the search compares: `UPPER(name::text)` of customers and contacts.

Pinyin and initials get no bigram index: two latin letters are in most names' pinyin, and reading half a million
candidates by id is slower than the scan (selectors/substring.py).

Like 0003's, the triggers go when SQLite rebuilds customers_customer or customers_contact: a later migration that
makes it do so must create them again (test_search_index.py checks they exist).
"""

from django.db import migrations

from core.vendor_sql import run_for_vendor

CUSTOMER_BIGRAMS = "customers_customer_bigrams"  # = selectors.substring.CUSTOMER_BIGRAMS
CONTACT_BIGRAMS = "customers_contact_bigrams"  # = selectors.substring.CONTACT_BIGRAMS
BIGRAMS = "customers_bigrams"  # = selectors.substring.BIGRAMS


def _sqlite_pairs(column: str) -> str:
    """SQL of the space-separated tokens of `column`'s adjacent character pairs. Triggers allow no WITH, so the
    positions come from json_each over a JSON array of length - 1 zeros ('[0,0,…]' out of a zeroblob's hex)."""
    positions = "json_each('[' || substr(replace(hex(zeroblob(length(folded.s) - 1)), '00', ',0'), 2) || ']')"
    tokens = "group_concat(hex(substr(folded.s, key + 1, 2)), ' ')"
    return f"coalesce((SELECT {tokens} FROM (SELECT lower({column}) AS s) AS folded, {positions}), '')"


def _sqlite_index(fts: str, table: str) -> tuple[list[str], list[str]]:
    """(forwards, backwards) statements of one contentless FTS5 table of the bigram tokens of `table`'s name, kept
    by triggers on `table`."""
    insert = f"INSERT INTO {fts} (rowid, bigrams) VALUES (new.id, {_sqlite_pairs('new.name')});"
    delete = f"INSERT INTO {fts} ({fts}, rowid, bigrams) VALUES ('delete', old.id, {_sqlite_pairs('old.name')});"
    forwards = [
        # detail=none: only which rows hold a token (single-token queries need no more); columnsize=0: no ranking.
        f"CREATE VIRTUAL TABLE {fts} USING fts5(bigrams, tokenize='ascii', content='', detail=none, columnsize=0)",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF name ON {table} WHEN old.name IS NOT new.name BEGIN "
        f"{delete} {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"INSERT INTO {fts} (rowid, bigrams) SELECT id, {_sqlite_pairs(f'{table}.name')} FROM {table}",
    ]
    backwards = [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "update", "delete")]
    return forwards, [*backwards, f"DROP TABLE IF EXISTS {fts}"]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        customer = _sqlite_index(CUSTOMER_BIGRAMS, "customers_customer")
        contact = _sqlite_index(CONTACT_BIGRAMS, "customers_contact")
        return customer[0] + contact[0], contact[1] + customer[1]
    if vendor == "postgresql":
        indexes = {
            "customer_name_bigrams": "customers_customer USING gin ({}(UPPER(name::text)))",
            "contact_name_bigrams": "customers_contact USING gin ({}(UPPER(name::text)))",
        }
        function = (f"CREATE FUNCTION {BIGRAMS}(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
                    "AS $$ SELECT array(SELECT substr($1, i, 2) FROM generate_series(1, length($1) - 1) AS i) $$")
        return ([function] + [f"CREATE INDEX {name} ON {target.format(BIGRAMS)}" for name, target in indexes.items()],
                [f"DROP INDEX IF EXISTS {name}" for name in indexes] + [f"DROP FUNCTION IF EXISTS {BIGRAMS}(text)"])
    return [], []


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0003_search_trigram'),
    ]

    operations = [
        run_for_vendor(_statements),
    ]
