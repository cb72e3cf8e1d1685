"""Substring search from trigram and bigram indexes (ADR 0010): the same results as a full scan, on every write path,
with the indexes really used (FTS5 tables on SQLite; pg_trgm and bigram GIN indexes on PostgreSQL)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.customers import selectors, services
from apps.customers.models import Contact, Customer
from apps.customers.selectors import substring
from apps.customers.selectors.substring import CONTACT_BIGRAMS, CONTACT_FTS, CUSTOMER_BIGRAMS, CUSTOMER_FTS
from core.testing import personas as p
from core.testing.helpers import api_as, user, web_as

from .factories import make_customer
from .import_files import csv_bytes, good_row, upload

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the FTS5 tables exist on SQLite only")


def found(text: str, username: str = p.DIRECTOR) -> set[str]:
    return {c.name for c in selectors.list_customers_for(user(username), search=text)}


@pytest.fixture
def alf():
    return make_customer(name="北京艾礼富科技有限公司", contacts=[{"name": "欧阳建军"}])


@pytest.fixture
def others():
    return [make_customer(name="广州恒信印务器材有限公司", contacts=[{"name": "李娜"}]),
            make_customer(name="上海礼品包装有限公司")]


@pytest.mark.parametrize("text", [
    "alfkj",  # pinyin initials in the middle of the name (bj|alfkj|yxgs)
    "ailifukeji",  # full pinyin in the middle
    "艾礼",  # two Chinese characters in the middle (from the bigram index)
    "北京",  # two at the start
    "lf",  # two initials in the middle (bj|alf|kjyxgs)
    "fu",  # two letters of the full pinyin (ailifu)
    "LF",  # any case
    "艾礼富科技",  # five characters (from the index)
    "阳建",  # two characters of a contact's name
    "欧阳",  # its first two
    "欧阳建军",  # a contact's whole name
    "ALF KJ",  # letters in any case, spaces ignored for pinyin
])
def test_substrings_find_the_customer(text, alf, others):
    assert found(text) == {alf.name}


def test_a_substring_shared_by_several_names_finds_each(alf, others):
    assert found("礼") == {alf.name, others[1].name}
    assert found("公司") == {alf.name, *(o.name for o in others)}  # two characters at the end of every name
    assert found("有限公司") == {alf.name, *(o.name for o in others)}


def test_text_in_no_name_finds_nothing(alf, others):
    assert found("不存在的公司") == set()
    assert found("xyzq") == set()


def test_latin_case_is_folded_for_ascii_only_as_before():
    latin = make_customer(name="ACME Printing", contacts=[{"name": "Élodie"}])
    assert found("acme print") == {latin.name}
    # As wide as the database's own LIKE (SQLite's folds ASCII letters only), never wider from the FTS's folding.
    folded = Contact.objects.filter(name__icontains="élodie").exists()
    assert found("élodie") == ({latin.name} if folded else set())
    assert found("lodie") == {latin.name}
    assert found("él") == ({latin.name} if folded else set())
    assert found("AC") == found("g") == {latin.name}


def test_every_two_character_search_finds_what_a_full_scan_finds(alf, others):
    """Each pair of adjacent characters of every name, contact name, initials and pinyin, pairs in no name, and
    spaced letters (two for pinyin, three for names)."""
    customers = Customer.objects.filter(pk__in=[alf.pk, *(o.pk for o in others)])
    texts = {"京北", "zz", "q1", "g s", "x y"}
    for customer in customers:
        for value in [customer.name, customer.name_initials, customer.name_pinyin,
                      *customer.contacts.values_list("name", flat=True)]:
            texts |= {value[i:i + 2] for i in range(len(value) - 1)}
    for text in texts:
        letters = text.replace(" ", "") if re.fullmatch(r"[a-z ]+", text) else None
        expected = {c.name for c in customers if text in c.name or any(text in n for n in c.contacts.values_list(
            "name", flat=True)) or (letters is not None and (letters in c.name_initials or letters in c.name_pinyin))}
        assert found(text) == expected, text


def test_a_renamed_customer_is_found_by_its_new_name_only(alf):
    services.update_customer(actor=user(p.DIRECTOR), customer=alf, name="北京星辰远航科技有限公司")
    assert found("星辰远航") == found("星辰") == found("xc") == {"北京星辰远航科技有限公司"}
    assert found("xingchenyuanhang") == {"北京星辰远航科技有限公司"}
    assert found("艾礼富") == found("艾礼") == set()
    assert found("ailifu") == found("lf") == set()


def test_a_name_changed_by_a_queryset_update_is_searched_by_the_new_one(alf):
    Customer.objects.filter(pk=alf.pk).update(name="天津海河印务有限公司", name_initials="tjhhywyxgs",
                                              name_pinyin="tianjinhaiheyinwuyouxiangongsi")
    assert found("海河印务") == found("海河") == {"天津海河印务有限公司"}
    assert found("hhyw") == found("hh") == {"天津海河印务有限公司"}
    assert found("艾礼富") == found("艾礼") == found("lf") == set()


def test_contacts_renamed_added_and_removed_follow(alf):
    contact = alf.contacts.get()
    services.update_contact(actor=user(p.DIRECTOR), contact=contact, name="司马相如")
    services.add_contact(actor=user(p.DIRECTOR), customer=alf, name="诸葛孔明")
    assert found("司马相") == found("诸葛孔明") == found("相如") == found("孔明") == {alf.name}
    assert found("欧阳建军") == found("建军") == set()
    services.remove_contact(actor=user(p.DIRECTOR), contact=alf.contacts.get(name="诸葛孔明"))
    assert found("诸葛孔明") == found("孔明") == set()
    Contact.objects.filter(pk=contact.pk).update(name="东郭先生")
    assert found("东郭") == {alf.name}
    assert found("相如") == set()


def test_imported_customers_and_contacts_are_found(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [good_row(1, name="苏州鑫达精密印刷有限公司", contact="上官婉儿"), good_row(2)]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.import_customers(actor=user(p.NORTH_REP), upload=upload(csv_bytes(rows), "客户.csv"))
    assert found("鑫达精密") == found("xdjm") == found("上官婉儿") == {"苏州鑫达精密印刷有限公司"}
    assert found("鑫达") == found("jm") == found("婉儿") == {"苏州鑫达精密印刷有限公司"}


def test_a_merged_customer_disappears_and_its_contacts_lead_to_the_one_kept(alf):
    twin = make_customer(name="北京艾礼富科技公司", contacts=[{"name": "东方不败"}], allow_duplicate=True)
    services.merge_customers(actor=user(p.DIRECTOR), keep=alf, duplicate=twin)
    assert found("艾礼富科技") == {alf.name}
    assert found("东方不败") == found("不败") == {alf.name}
    assert found("礼富") == {alf.name}


def test_search_is_scoped(alf):
    south = make_customer(owner=p.SOUTH_REP, name="广州艾礼富分销有限公司")
    assert found("艾礼富", p.SOUTH_REP) == {south.name}
    assert found("艾礼富分销", p.NORTH_REP) == found("分销", p.NORTH_REP) == set()
    assert found("分销", p.SOUTH_REP) == {south.name}


def test_searching_adds_at_most_the_query_that_weighs_the_index_to_the_list_page_and_the_api(alf, others):
    for path, client in [("/customers/", web_as(p.DIRECTOR)), ("/api/v1/customers/", api_as(p.DIRECTOR))]:
        client.get(path)
        counts = []
        for query in ["", "?search=艾礼富科技", "?search=alfkj", "?search=艾礼", "?search=lf", "?search=礼"]:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path + query).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert max(counts) <= counts[0] + (1 if connection.vendor == "sqlite" else 0), (path, counts)


@pytest.fixture
def indexes_pay(monkeypatch):
    """At a test database's size a scan is cheaper than any candidate list; the plan tests want the index path."""
    monkeypatch.setattr(substring, "SCAN_COST_RATIO", 0)


def test_the_search_reads_names_from_the_trigram_indexes(alf, others, indexes_pay):
    """The planner is told to avoid full scans; the indexes must then serve every substring condition (at the
    size of a test database it would rightly prefer a scan)."""
    plan = _plan(selectors.list_customers_for(user(p.DIRECTOR), search="ailifu"))
    if connection.vendor == "postgresql":
        for index in ("customer_name", "customer_initials", "customer_pinyin", "contact_name"):
            assert f"{index}_trgm" in plan
    else:
        assert all(f"{table} VIRTUAL TABLE" in plan for table in (CUSTOMER_FTS, CONTACT_FTS)), plan
        assert not re.search(r"SCAN customers_(customer|contact)\b(?!_fts|_bigrams)", plan), plan


def test_two_latin_letters_scan_the_customers_as_before(alf, others):
    """Two letters are in most names' pinyin: candidates by id would cost more than the scan."""
    plan = _plan(selectors.list_customers_for(user(p.DIRECTOR), search="fu"))
    assert "customer_name_bigrams" not in plan and CUSTOMER_BIGRAMS not in plan, plan


def test_two_chinese_characters_are_read_from_the_bigram_indexes(alf, others, indexes_pay):
    plan = _plan(selectors.list_customers_for(user(p.DIRECTOR), search="北京"))
    if connection.vendor == "postgresql":
        assert "customer_name_bigrams" in plan and "contact_name_bigrams" in plan
    else:
        assert f"{CUSTOMER_BIGRAMS} VIRTUAL TABLE" in plan and f"{CONTACT_BIGRAMS} VIRTUAL TABLE" in plan
        assert not re.search(r"SCAN customers_(customer|contact)\b(?!_fts|_bigrams)", plan), plan


@sqlite_only
@pytest.mark.parametrize("text", ["有限公司", "公司", "yxgs"])
def test_text_in_most_names_is_scanned_rather_than_read_by_id(text, alf, others):
    bystander = make_customer(name="某某商贸")
    plan = _plan(selectors.list_customers_for(user(p.DIRECTOR), search=text))
    assert CUSTOMER_FTS not in plan and CUSTOMER_BIGRAMS not in plan, plan
    assert found(text) == {alf.name, *(c.name for c in others)} and bystander.name not in found(text)


@sqlite_only
def test_text_in_few_names_is_read_by_id(alf, others):
    for n in range(6):
        make_customer(name=f"某某商贸{n}号")
    assert CUSTOMER_FTS in _plan(selectors.list_customers_for(user(p.DIRECTOR), search="艾礼富"))


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        return "\n".join(str(row) for row in cursor.execute(*_explain(queryset)).fetchall())


def _explain(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    return f"{prefix} {sql}", params


@sqlite_only
def test_the_fts_tables_mirror_the_rows_after_every_kind_of_write(alf, others):
    services.update_customer(actor=user(p.DIRECTOR), customer=others[0], name="广州恒信器材有限公司")
    Customer.objects.filter(pk=others[1].pk).delete()
    Contact.objects.filter(customer=alf).update(name="欧阳锋")
    assert _rows(CUSTOMER_FTS, "name, name_initials, name_pinyin") == _rows(
        "customers_customer", "name, name_initials, name_pinyin", key="id")
    assert _rows(CONTACT_FTS, "name") == _rows("customers_contact", "name", key="id")


def _rows(table: str, columns: str, key: str = "rowid") -> list[tuple]:
    with connection.cursor() as cursor:
        return cursor.execute(f"SELECT {key}, {columns} FROM {table} ORDER BY {key}").fetchall()


@sqlite_only
def test_the_bigram_tables_hold_each_rows_pairs_after_every_kind_of_write(alf, others):
    """The contentless tables keep no text: their vocabulary, per row, must be the pairs of the rows as they are."""
    services.update_customer(actor=user(p.DIRECTOR), customer=others[0], name="广州恒信器材有限公司")
    Customer.objects.filter(pk=others[1].pk).delete()
    Customer.objects.filter(pk=alf.pk).update(name="Acme 北京")
    Contact.objects.filter(customer=alf).update(name="欧阳锋")
    customers = {pk: _pairs(name) for pk, name in _rows("customers_customer", "name", key="id")}
    assert _vocabulary(CUSTOMER_BIGRAMS) == {pk: tokens for pk, tokens in customers.items() if tokens}
    assert _vocabulary(CONTACT_BIGRAMS) == {pk: _pairs(name) for pk, name in _rows("customers_contact", "name", "id")}


def _pairs(text: str) -> set[str]:
    folded = "".join(c.lower() if c.isascii() else c for c in text)  # as SQLite's lower()
    return {folded[i:i + 2].encode().hex() for i in range(len(folded) - 1)}


def _vocabulary(table: str) -> dict[int, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, {table}, instance)")
        try:
            rows = cursor.execute("SELECT doc, term FROM temp.vocabulary").fetchall()
        finally:
            cursor.execute("DROP TABLE temp.vocabulary")
    vocabulary: dict[int, set[str]] = {}
    for doc, term in rows:
        vocabulary.setdefault(doc, set()).add(term)
    return vocabulary


@sqlite_only
def test_the_triggers_keeping_the_fts_tables_exist():
    """A migration that rebuilds customers_customer or customers_contact on SQLite drops them: it must make them
    again (as 0003_search_trigram and 0004_name_bigrams do)."""
    with connection.cursor() as cursor:
        triggers = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {f"{fts}_{event}" for fts in (CUSTOMER_FTS, CONTACT_FTS, CUSTOMER_BIGRAMS, CONTACT_BIGRAMS)
            for event in ("insert", "update", "delete")} <= triggers
