"""Substring search of customer and contact names from trigram and bigram indexes (ADR 0010,
docs/decisions/0010-trigram-search.md).

Text of three characters or more is answered by trigrams. PostgreSQL: migration 0003 put pg_trgm GIN indexes on
exactly the expressions the search's ORM conditions compile to; they answer it once the search is written as
`id IN (customers UNION contacts)` (an OR with a subquery keeps PostgreSQL from combining indexes). SQLite cannot
index `LIKE '%…%'`: the FTS5 trigram tables (kept in step by triggers) give candidate ids.

Text of two characters (北京) has no trigram and is answered by character bigrams of the names (migration 0004): on
PostgreSQL GIN indexes over `customers_bigrams(UPPER(name))`, the array of its adjacent character pairs, asked for
the text's pair; on SQLite contentless FTS5 tables of one token per pair (the pair's UTF-8 bytes in hex, so every
character, space and punctuation included, stays in one token), kept by triggers. Two latin letters (`bj`, `sh`)
are in most names' pinyin or initials: reading hundreds of thousands of candidates by id is slower than the scan,
so they scan, as before.

Either way the index only gives candidates and the search's own conditions still decide among them, so results are
a full scan's. One character has neither and scans, on both, as before.
"""

from django.db import connection
from django.db.models import BooleanField, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Upper

CUSTOMER_FTS = "customers_customer_fts"  # columns name, name_initials, name_pinyin; rowid = customer id
CONTACT_FTS = "customers_contact_fts"  # column name; rowid = contact id
CUSTOMER_BIGRAMS = "customers_customer_bigrams"  # SQLite: name's tokens; rowid = customer id
CONTACT_BIGRAMS = "customers_contact_bigrams"  # SQLite: name's tokens; rowid = contact id
BIGRAMS = "customers_bigrams"  # PostgreSQL: text -> text[] of its adjacent character pairs
TRIGRAM, BIGRAM = 3, 2
# A candidate read by id costs about as much as six customers read in order by the scan (SQLite, a million
# customers: 700,000 candidates 2.6 s, the whole scan 0.6 s).
SCAN_COST_RATIO = 6


def written_as_union(text: str, letters: str | None) -> bool:
    """Whether the name search is to be `id IN (customers UNION contacts)` (PostgreSQL, when its indexes answer it);
    SQLite's planner already answers `candidates OR id IN (contacts' candidates)` from the FTS tables by rowid."""
    return connection.vendor == "postgresql" and _indexed(text, letters)


def customer_candidates(text: str, letters: str | None) -> Q:
    """Customers that may have `text` in their name or `letters` in their pinyin or initials; Q() (no narrowing)
    where no index narrows it, or where the conditions themselves are on indexes (trigrams on PostgreSQL)."""
    if _shortest(text, letters) >= TRIGRAM:
        if connection.vendor != "sqlite":
            return Q()
        branches = [_grams(text, TRIGRAM)] + ([_grams(letters, TRIGRAM)] if letters is not None else [])
        if not _selective(CUSTOMER_FTS, branches):
            return Q()
        query = f"name : {_phrase(text)}"
        if letters is not None:
            query += f" OR {{name_initials name_pinyin}} : {_phrase(letters)}"
        return Q(pk__in=_matching(CUSTOMER_FTS, query))
    if not _indexed(text, letters):
        return Q()
    if connection.vendor == "sqlite":
        if not _selective(CUSTOMER_BIGRAMS, [[pair.encode().hex() for pair in _grams(text, BIGRAM)]]):
            return Q()
        return Q(pk__in=_matching(CUSTOMER_BIGRAMS, _tokens(text)))
    return _has_bigrams(Upper(Cast("name", TextField())), Upper(Value(text)))


def contact_candidates(text: str) -> Q:
    """Contacts that may have `text` in their name; Q() where no index narrows it (or trigrams on PostgreSQL)."""
    if len(text) >= TRIGRAM:
        return Q(pk__in=_matching(CONTACT_FTS, f"name : {_phrase(text)}")) if connection.vendor == "sqlite" else Q()
    if len(text) != BIGRAM:
        return Q()
    if connection.vendor == "sqlite":
        return Q(pk__in=_matching(CONTACT_BIGRAMS, _tokens(text)))
    return _has_bigrams(Upper(Cast("name", TextField())), Upper(Value(text)))


def _shortest(text: str, letters: str | None) -> int:
    return len(text) if letters is None else min(len(text), len(letters))


def _grams(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(len(text) - size + 1)]


def _selective(table: str, branches: list[list[str]]) -> bool:
    """SQLite: whether the customers an FTS table would give as candidates — those holding every term of one of the
    `branches` — are few enough to beat the scan. One query of the terms' document counts (fts5vocab, migration
    0005) beside the table's size: text in most names (有限公司, 公司) would otherwise read hundreds of thousands of
    rows by id, several times slower than reading the table in order."""
    terms = sorted({term for branch in branches for term in branch})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM {table}_terms WHERE term IN ({', '.join(['%s'] * len(terms))}) "
                       "UNION ALL SELECT NULL, max(id) FROM customers_customer", terms)
        found = dict(cursor.fetchall())
    rows = found.pop(None) or 0
    candidates = sum(min(found.get(term, 0) for term in branch) for branch in branches)
    return candidates * SCAN_COST_RATIO <= rows


def _indexed(text: str, letters: str | None) -> bool:
    """Whether an index narrows the customers' side: trigrams, or the bigram of two characters that are no pinyin."""
    shortest = _shortest(text, letters)
    return shortest >= TRIGRAM or (shortest == BIGRAM and letters is None)


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: every character literal (the trigram tokenizer keeps spaces and punctuation)."""
    return '"' + text.replace('"', '""') + '"'


def _tokens(text: str) -> str:
    """Every bigram of `text` as the migration's triggers write it: hex of its UTF-8 bytes. `text` is folded already
    (lower case), and SQLite's lower() that made the indexed tokens folds ASCII only, as its LIKE does."""
    pairs = sorted({text[i:i + 2] for i in range(len(text) - 1)})
    return " AND ".join(f'"{pair.encode().hex().upper()}"' for pair in pairs)


class _Contains(Func):
    """`left @> right` of two arrays (GIN-indexable)."""

    arg_joiner = " @> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _has_bigrams(column, text) -> Q:
    """The bigrams of `column` include all of those of `text`: what the GIN index of `customers_bigrams(column)`
    answers, and true of every row where `column` contains `text`."""
    def bigrams(expression):
        return Func(expression, function=BIGRAMS, output_field=TextField())
    return Q(_Contains(bigrams(column), bigrams(text)))


def _matching(table: str, query: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])
