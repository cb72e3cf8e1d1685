"""Chinese full-text search of knowledge-base articles without word segmentation, on SQLite and PostgreSQL.

Chinese has no spaces between words, so both back ends index character trigrams and answer substring queries:
- SQLite: an FTS5 virtual table with the `trigram` tokenizer (`service_article_fts`, rowid = article id), created by
  migration 0003 and kept in sync by the KB services through `index_article` (never by signals). Terms of three or
  more characters go through MATCH; shorter ones (two Chinese characters such as 卡纸 are a whole word) through
  LIKE over the same table. LIKE always carries an ESCAPE clause: besides escaping user input, it keeps SQLite
  3.40 from its trigram LIKE shortcut, which finds nothing for CJK patterns under three characters.
- PostgreSQL: the pg_trgm extension with GIN trigram indexes on the title and on the whole searchable text
  (migration 0003); ILIKE uses them for three characters or more and still answers shorter patterns.
Ranking is the same on both: title hits first, then keywords and product, then the body; then how many tickets
the article solved. `similar=True` (suggestions while a ticket is typed) matches any Chinese bigram or Latin word
of the text instead of every term, so a long subject still finds the article that shares its words; rarer shared
words weigh more (a crude inverse document frequency, also the same on both).
"""

import re

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .choices import ArticleStatus
from .models import Article

FTS_TABLE = "service_article_fts"
# (article field, FTS column, weight): a title hit outranks any number of body hits.
FIELDS = [("title", "title", 100), ("keywords", "keywords", 10), ("product_name", "product", 10), ("body", "body", 1)]
MAX_TERMS = 8
MAX_GRAMS = 24
RARITY_SCALE = 60  # divisible by 1–6, so the rarity weights stay whole numbers
_SEPARATORS = re.compile(r"[\s,，。、;；:：!！?？()（）\[\]【】\"“”'‘’《》<>/|]+")
_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z][0-9A-Za-z._\-]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The whole searchable text of an article; the PostgreSQL GIN index is built on exactly this expression.
PG_DOCUMENT = "(title || ' ' || keywords || ' ' || product_name || ' ' || body)"


def search_articles(text: str, *, limit: int = 20, published_only: bool = True,
                    similar: bool = False) -> QuerySet[Article]:
    """Articles matching `text` (every term, or with `similar` any of its words), best first, at most `limit`.

    The result is a queryset ordered by rank (annotated `search_rank`), so callers may still narrow it."""
    terms = similar_grams(text) if similar else search_terms(text)
    if not terms or limit <= 0:
        return Article.objects.none()
    sql, params = (_sqlite_candidates if connection.vendor == "sqlite" else _pg_candidates)(terms, any_term=similar)
    found = Article.objects.filter(pk__in=RawSQL(sql, params))
    if published_only:
        found = found.filter(status=ArticleStatus.PUBLISHED)
    weights = _rarity(found, terms) if similar else dict.fromkeys(terms, 1)
    if not weights:
        return Article.objects.none()
    ranked = list(found.annotate(kb_score=_score(weights))
                  .order_by("-kb_score", "-solved_count", "-view_count", "-id")
                  .values_list("pk", flat=True)[:limit])
    if not ranked:
        return Article.objects.none()
    order = Case(*[When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)],
                 output_field=IntegerField())
    return Article.objects.filter(pk__in=ranked).annotate(search_rank=order).order_by("search_rank")


def search_terms(text: str) -> list[str]:
    """The terms of a search box: words split at spaces and punctuation, each to be found as a substring."""
    terms = []
    for term in _SEPARATORS.split(text or ""):
        if term and term.lower() not in terms:
            terms.append(term.lower())
    return terms[:MAX_TERMS]


def similar_grams(text: str) -> list[str]:
    """What a free text has in common with an article: overlapping Chinese bigrams and Latin words or models."""
    grams = []
    for run in _RUNS.findall(text or ""):
        if _CJK.match(run):
            pieces = [run] if len(run) <= 2 else [run[i:i + 2] for i in range(len(run) - 1)]
            pieces = [p for p in pieces if len(p) == 2]
        else:
            pieces = [run.lower()] if len(run) >= 2 else []
        for piece in pieces:
            if piece not in grams:
                grams.append(piece)
    return grams[:MAX_GRAMS]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_candidates(terms: list[str], *, any_term: bool) -> tuple[str, list]:
    """Article ids from the FTS5 trigram table: MATCH for terms of 3+ characters, LIKE for shorter ones."""
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    like_one = "(" + " OR ".join(f"{column} LIKE %s ESCAPE '\\'" for _f, column, _w in FIELDS) + ")"
    if any_term:
        parts, params = [], []
        if long_terms:
            parts.append(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s")
            params.append(" OR ".join(_phrase(t) for t in long_terms))
        if short_terms:
            parts.append(f"SELECT rowid FROM {FTS_TABLE} WHERE " + " OR ".join([like_one] * len(short_terms)))
            params += [_like(t) for t in short_terms for _field in FIELDS]
        return " UNION ".join(parts), params
    where, params = [], []
    if long_terms:
        where.append(f"{FTS_TABLE} MATCH %s")
        params.append(" AND ".join(_phrase(t) for t in long_terms))
    for term in short_terms:
        where.append(like_one)
        params += [_like(term)] * len(FIELDS)
    return f"SELECT rowid FROM {FTS_TABLE} WHERE " + " AND ".join(where), params


def _pg_candidates(terms: list[str], *, any_term: bool) -> tuple[str, list]:
    """Article ids by ILIKE over the indexed document expression (pg_trgm GIN answers 3+ characters)."""
    joiner = " OR " if any_term else " AND "
    where = joiner.join(f"{PG_DOCUMENT} ILIKE %s" for _term in terms)
    return f"SELECT id FROM service_article WHERE {where}", [_like(t) for t in terms]


def _found_in(term: str) -> Q:
    return Q(title__icontains=term) | Q(keywords__icontains=term) | Q(product_name__icontains=term) | Q(
        body__icontains=term)


def _rarity(candidates: QuerySet[Article], grams: list[str]) -> dict[str, int]:
    """A weight per gram, higher for the rarer ones among the candidates (one query): a text sharing 卡纸 with one
    article and 安装 with five is about that one article."""
    counts = candidates.aggregate(**{f"g{i}": Count("pk", filter=_found_in(g)) for i, g in enumerate(grams)})
    return {g: RARITY_SCALE // counts[f"g{i}"] for i, g in enumerate(grams) if counts[f"g{i}"]}


def _score(weights: dict[str, int]):
    """Weighted count of the terms found in each field (the same on every database)."""
    hits = [Case(When(**{f"{field}__icontains": term}, then=Value(weight * field_weight)), default=Value(0),
                 output_field=IntegerField())
            for term, weight in weights.items() for field, _column, field_weight in FIELDS]
    return sum(hits[1:], hits[0])


# -- keeping the SQLite index in step (PostgreSQL's indexes follow the rows by themselves) ----------------------

def index_article(article: Article) -> None:
    """Write the article's searchable text into the FTS table (replacing an earlier entry for the same id)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, product, body) VALUES (%s, %s, %s, %s, %s)",
                       [article.pk, article.title, article.keywords, article.product_name, article.body])


def unindex_article(article_id: int) -> None:
    """Drop a deleted article from the FTS table."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])


def rebuild_index() -> int:
    """Refill the FTS table from the articles (after a restore or a bulk load); returns the number indexed."""
    if connection.vendor != "sqlite":
        return Article.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, product, body) "
                       "SELECT id, title, keywords, product_name, body FROM service_article")
        return cursor.rowcount
