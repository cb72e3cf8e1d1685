"""Chinese full-text search of the knowledge base without word segmentation (SQLite FTS5 trigram / PostgreSQL
pg_trgm): two-character and longer Chinese substrings, English words, model numbers, ranking, drafts hidden, and the
index kept in step with updates and archiving."""

import pytest
from django.db import connection

from apps.service import kb_search
from apps.service.choices import ArticleStatus
from apps.service.kb_search import search_articles, search_terms, similar_grams
from apps.service.services import kb as kb_services
from core.testing.helpers import user

from .kb_factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    """A small knowledge base: the jam article has 卡纸 in its title, others mention it only in their body."""
    return {
        "jam": make_article("写真机打印机卡纸的处理方法", body="抬起压杆，从出纸方向抽出介质。",
                            keywords="卡纸,卡布,paper jam", product_name="大幅面写真机 1.8米 LF1800"),
        "head": make_article("喷头堵塞的清洗步骤", body="断线时执行标准清洗；介质卡纸撞头也会损伤喷头。",
                             keywords="喷头,断线", product_name="理光G5喷头 Gen5"),
        "driver": make_article("驱动安装与USB无法识别", body="Download the driver package, run the installer.",
                               keywords="驱动,USB,driver install", product_name="全系列"),
        "warranty": make_article("产品保修政策说明", body="整机保修12个月，喷头保修3个月。", keywords="保修,三包",
                                 product_name="UV平板打印机 6090"),
    }


def titles(queryset) -> list[str]:
    return [a.title for a in queryset]


def test_two_chinese_characters_find_every_article_containing_them(library):
    found = titles(search_articles("卡纸", limit=10))
    assert set(found) == {"写真机打印机卡纸的处理方法", "喷头堵塞的清洗步骤"}


def test_a_longer_chinese_phrase_goes_through_the_trigram_index(library):
    assert titles(search_articles("打印机卡纸", limit=10)) == ["写真机打印机卡纸的处理方法"]


def test_title_hits_rank_before_body_hits(library):
    # 卡纸 is in the jam article's title and only in the print-head article's body
    assert titles(search_articles("卡纸", limit=10))[0] == "写真机打印机卡纸的处理方法"


def test_an_english_keyword_is_found_case_insensitively(library):
    assert titles(search_articles("Driver", limit=10)) == ["驱动安装与USB无法识别"]
    assert titles(search_articles("usb", limit=10)) == ["驱动安装与USB无法识别"]


def test_a_product_name_or_model_finds_the_article(library):
    assert titles(search_articles("UV平板打印机 6090", limit=10)) == ["产品保修政策说明"]
    assert titles(search_articles("LF1800", limit=10)) == ["写真机打印机卡纸的处理方法"]
    assert titles(search_articles("Gen5", limit=10)) == ["喷头堵塞的清洗步骤"]


def test_every_term_must_match(library):
    assert titles(search_articles("卡纸 抽出", limit=10)) == ["写真机打印机卡纸的处理方法"]
    assert titles(search_articles("卡纸 保修", limit=10)) == []


def test_one_character_and_punctuation_are_no_query(library):
    assert titles(search_articles("  ，。 ", limit=10)) == []
    assert titles(search_articles("", limit=10)) == []


def test_user_wildcards_are_literal(library):
    assert titles(search_articles("%", limit=10)) == []
    assert titles(search_articles("卡_", limit=10)) == []


def test_drafts_in_review_and_archived_articles_are_hidden_unless_asked(library):
    make_article("打印机卡纸草稿", status=ArticleStatus.DRAFT)
    make_article("卡纸审核中", status=ArticleStatus.IN_REVIEW)
    make_article("卡纸旧方法", status=ArticleStatus.ARCHIVED)
    published = titles(search_articles("卡纸", limit=10))
    assert not {"打印机卡纸草稿", "卡纸审核中", "卡纸旧方法"} & set(published)
    everything = titles(search_articles("卡纸", limit=10, published_only=False))
    assert {"打印机卡纸草稿", "卡纸审核中", "卡纸旧方法"} <= set(everything)


def test_the_limit_bounds_the_result(library):
    for n in range(5):
        make_article(f"卡纸问题{n}")
    assert len(search_articles("卡纸", limit=3)) == 3


def test_ties_are_broken_by_tickets_solved(library):
    a = make_article("墨囊漏墨A")
    b = make_article("墨囊漏墨B")
    from apps.service.models import Article

    Article.objects.filter(pk=b.pk).update(solved_count=5)
    assert titles(search_articles("墨囊漏墨", limit=10))[:2] == [b.title, a.title]


def test_an_update_replaces_the_indexed_text(library):
    jam = library["jam"]
    kb_services.update_article(actor=user("kb_editor"), article=jam, title="写真机走纸歪斜的处理",
                               body="调整压纸轮压力。", keywords="走纸")
    assert "写真机走纸歪斜的处理" in titles(search_articles("走纸歪斜", limit=10))
    assert "写真机走纸歪斜的处理" not in titles(search_articles("打印机卡纸", limit=10))


def test_archiving_hides_the_article_and_reviving_keeps_it_out_until_published_again(library):
    driver = kb_services.archive_article(actor=user("cs_manager"), article=library["driver"])
    assert titles(search_articles("driver", limit=10)) == []
    assert titles(search_articles("driver", limit=10, published_only=False)) == [driver.title]
    driver = kb_services.revive_article(actor=user("kb_editor"), article=driver)
    assert titles(search_articles("driver", limit=10)) == []
    kb_services.submit_article(actor=user("kb_editor"), article=driver)
    kb_services.publish_article(actor=user("cs_manager"), article=driver)
    assert titles(search_articles("driver", limit=10)) == [driver.title]


def test_similar_mode_finds_an_article_sharing_words_with_a_long_subject(library):
    found = titles(search_articles("写真机走纸时卡纸，客户很着急", limit=3, similar=True))
    assert found[0] == "写真机打印机卡纸的处理方法"


def test_similar_mode_weighs_rare_shared_words_over_common_ones(library):
    make_article("RIP软件安装与授权")
    make_article("设备安装场地条件")
    # 安装 is in three articles, 卡纸 in two: the subject is about the paper jam
    found = titles(search_articles("新机安装后频繁卡纸", limit=3, similar=True))
    assert found[0] == "写真机打印机卡纸的处理方法"


def test_similar_mode_ranks_by_how_much_the_text_shares(library):
    found = titles(search_articles("喷头堵塞 断线 不出墨", limit=3, similar=True))
    assert found[0] == "喷头堵塞的清洗步骤"


def test_the_result_is_a_queryset_that_can_be_narrowed(library):
    found = search_articles("卡纸", limit=10).filter(kind="solution")
    assert found.count() == 2
    assert [a.search_rank for a in found] == sorted(a.search_rank for a in found)


def test_terms_and_grams():
    assert search_terms("打印机 卡纸，Driver") == ["打印机", "卡纸", "driver"]
    assert similar_grams("喷头堵塞 E-203") == ["喷头", "头堵", "堵塞", "e-203"]
    assert similar_grams("卡纸") == ["卡纸"]
    assert similar_grams("纸 a") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_the_sqlite_index_can_be_rebuilt_from_the_articles(library):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {kb_search.FTS_TABLE}")
    assert titles(search_articles("打印机卡纸", limit=10)) == []
    assert kb_search.rebuild_index() == 4
    assert titles(search_articles("打印机卡纸", limit=10)) == ["写真机打印机卡纸的处理方法"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm indexes exist on PostgreSQL only")
def test_postgresql_has_the_trigram_extension_and_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'service_article'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"article_title_trgm", "article_document_trgm"} <= names
