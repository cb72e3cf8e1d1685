"""Substring search of customer and contact names from trigram indexes (docs/decisions/0010-trigram-search.md).

PostgreSQL: migration 0003 put pg_trgm GIN indexes on exactly the expressions the search's ORM conditions compile to;
they answer text of three characters or more once the search is written as `id IN (customers UNION contacts)` (an OR
with a subquery keeps PostgreSQL from combining indexes). SQLite cannot index `LIKE '%…%'`: for text of three
characters or more the FTS5 trigram tables (kept in step by triggers) give candidate ids, and the search's own
conditions still decide among them — the FTS folds the case of every alphabet, SQLite's LIKE only of ASCII, so
candidates may be more than the matches but never fewer, and results are a full scan's. Shorter text has no trigram
and scans, on both, as before.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

CUSTOMER_FTS = "customers_customer_fts"  # columns name, name_initials, name_pinyin; rowid = customer id
CONTACT_FTS = "customers_contact_fts"  # column name; rowid = contact id
MIN_CHARACTERS = 3  # one trigram


def written_as_union(text: str, letters: str | None) -> bool:
    """Whether the name search is to be `id IN (customers UNION contacts)` (PostgreSQL, when its indexes answer it);
    SQLite's planner already answers `candidates OR id IN (contacts' candidates)` from both FTS tables by rowid."""
    return connection.vendor == "postgresql" and _long_enough(text, letters)


def customer_candidates(text: str, letters: str | None) -> Q:
    """Customers that may have `text` in their name or `letters` in their pinyin or initials; Q() (no narrowing)
    where no index narrows it."""
    if connection.vendor != "sqlite" or not _long_enough(text, letters):
        return Q()
    query = f"name : {_phrase(text)}"
    if letters is not None:
        query += f" OR {{name_initials name_pinyin}} : {_phrase(letters)}"
    return Q(pk__in=_matching(CUSTOMER_FTS, query))


def contact_candidates(text: str) -> Q:
    """Contacts that may have `text` in their name; Q() where no index narrows it."""
    if connection.vendor != "sqlite" or not _long_enough(text, None):
        return Q()
    return Q(pk__in=_matching(CONTACT_FTS, f"name : {_phrase(text)}"))


def _long_enough(text: str, letters: str | None) -> bool:
    return len(text) >= MIN_CHARACTERS and (letters is None or len(letters) >= MIN_CHARACTERS)


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: every character literal (the trigram tokenizer keeps spaces and punctuation)."""
    return '"' + text.replace('"', '""') + '"'


def _matching(table: str, query: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])
