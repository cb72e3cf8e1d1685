"""The knowledge-base API contract: /api/v1/kb/articles/ (search, editors write, review actions) and
/api/v1/kb/canned-replies/ with `render` — anonymous / no permission / permitted / editor-only / out of scope."""

import pytest

from apps.service.choices import ArticleStatus
from apps.service.models import Article, CannedReply
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

from .factories import make_customer, make_rule, make_ticket
from .kb_factories import make_article, make_reply

pytestmark = pytest.mark.django_db
ARTICLES = "/api/v1/kb/articles/"
REPLIES = "/api/v1/kb/canned-replies/"
EDITOR = "kb_editor"


def test_anonymous_is_401_with_the_error_body():
    for url in (ARTICLES, REPLIES):
        response = api_as(None).get(url)
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_role_without_the_knowledge_base_gets_403():
    article = make_article()
    client = api_as(p.PARTNER_A_USER)
    assert client.get(ARTICLES).status_code == 403
    assert client.get(f"{ARTICLES}{article.pk}/").status_code == 403
    assert client.get(REPLIES).status_code == 403


def test_agents_list_published_articles_only_with_the_contract_fields():
    published = make_article("墨囊漏墨的处理", keywords="墨盒")
    make_article("草稿文章", status=ArticleStatus.DRAFT)
    body = api_as(p.CS_AGENT).get(ARTICLES).json()
    assert body["count"] == 1 and {"next", "previous", "results"} <= set(body)
    row = body["results"][0]
    assert row["id"] == published.pk and row["status"] == "published" and row["status_label"]
    assert {"title", "body", "kind", "kind_label", "category", "product", "product_name", "keywords",
            "solved_count", "view_count", "published_at", "author_name", "reviewer_name"} <= set(row)


def test_a_draft_is_404_to_agents_and_visible_to_editors():
    draft = make_article("草稿文章", status=ArticleStatus.DRAFT)
    assert api_as(p.CS_AGENT).get(f"{ARTICLES}{draft.pk}/").status_code == 404
    assert api_as(EDITOR).get(f"{ARTICLES}{draft.pk}/").json()["status"] == "draft"
    assert api_as(EDITOR).get(ARTICLES, {"status": "draft"}).json()["count"] == 1


def test_search_finds_chinese_substrings_and_ranks_title_hits_first():
    body_hit = make_article("喷头撞头的预防", body="介质卡纸时喷头容易撞头。")
    title_hit = make_article("写真机卡纸的处理")
    make_article("驱动安装", body="Download the driver.")
    results = api_as(p.CS_AGENT).get(ARTICLES, {"search": "卡纸"}).json()["results"]
    assert [r["id"] for r in results] == [title_hit.pk, body_hit.pk]
    assert [r["id"] for r in api_as(p.CS_AGENT).get(ARTICLES, {"search": "DRIVER"}).json()["results"]] != []


def test_search_respects_filters_and_an_explicit_ordering():
    a = make_article("卡纸A", kind="faq")
    b = make_article("卡纸B")
    client = api_as(p.CS_AGENT)
    assert [r["id"] for r in client.get(ARTICLES, {"search": "卡纸", "kind": "faq"}).json()["results"]] == [a.pk]
    ordered = client.get(ARTICLES, {"search": "卡纸", "ordering": "-title"}).json()["results"]
    assert [r["id"] for r in ordered] == [b.pk, a.pk]


def test_search_hides_drafts_from_agents_but_not_from_editors():
    make_article("卡纸草稿", status=ArticleStatus.DRAFT)
    assert api_as(p.CS_AGENT).get(ARTICLES, {"search": "卡纸"}).json()["count"] == 0
    assert api_as(EDITOR).get(ARTICLES, {"search": "卡纸"}).json()["count"] == 1


def test_the_list_runs_a_constant_number_of_queries():
    for n in range(12):
        make_article(f"文章{n}")
    with max_queries(6):
        assert api_as(p.CS_AGENT).get(ARTICLES).status_code == 200
    with max_queries(8):
        assert api_as(p.CS_AGENT).get(ARTICLES, {"search": "文章"}).json()["count"] == 12


def test_an_editor_writes_a_draft_then_review_and_publish():
    client = api_as(EDITOR)
    response = client.post(ARTICLES, {"title": "UV灯不亮", "body": "检查风扇。", "kind": "solution",
                                      "keywords": "UV灯", "status": "published"}, format="json")
    assert response.status_code == 201, response.json()
    article = response.json()
    assert article["status"] == "draft"  # the status is not mass-assignable
    url = f"{ARTICLES}{article['id']}/"
    assert client.patch(url, {"body": "检查风扇和电源。"}, format="json").json()["body"] == "检查风扇和电源。"
    assert client.post(f"{url}publish/").status_code == 409
    assert client.post(f"{url}submit/").json()["status"] == "in_review"
    published = api_as(p.CS_MANAGER).post(f"{url}publish/", {"note": "可以发布"}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["reviewer_name"]
    assert api_as(p.CS_AGENT).get(ARTICLES, {"search": "UV灯"}).json()["count"] == 1


def test_send_back_needs_a_note():
    article = make_article(status=ArticleStatus.IN_REVIEW)
    client = api_as(p.CS_MANAGER)
    response = client.post(f"{ARTICLES}{article.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()["fields"]
    response = client.post(f"{ARTICLES}{article.pk}/return/", {"note": "补充步骤"}, format="json")
    assert response.json()["status"] == "draft" and response.json()["review_note"] == "补充步骤"


def test_archive_then_writes_answer_409():
    article = make_article()
    client = api_as(EDITOR)
    assert client.post(f"{ARTICLES}{article.pk}/archive/", {"note": "型号停产"}, format="json").json()["status"] == \
        "archived"
    response = client.patch(f"{ARTICLES}{article.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "archived"
    assert client.post(f"{ARTICLES}{article.pk}/archive/").status_code == 409


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("post", "", {"title": "t", "body": "b"}), ("patch", "{id}/", {"title": "t"}), ("post", "{id}/submit/", {}),
    ("post", "{id}/publish/", {}), ("post", "{id}/archive/", {}), ("post", "{id}/return/", {"note": "n"})])
def test_writes_are_for_editors_only(method, suffix, body):
    article = make_article(status=ArticleStatus.IN_REVIEW)
    response = getattr(api_as(p.CS_AGENT), method)(ARTICLES + suffix.format(id=article.pk), body, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert Article.objects.count() == 1 and Article.objects.get().status == ArticleStatus.IN_REVIEW


def test_bad_input_is_400_naming_the_field():
    response = api_as(EDITOR).post(ARTICLES, {"title": "", "body": "b", "kind": "poem", "category": 999999},
                                   format="json")
    assert response.status_code == 400
    assert {"title", "kind", "category"} <= set(response.json()["fields"])


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_answers_404(guess):
    assert api_as(p.CS_AGENT).get(f"{ARTICLES}{guess}/").status_code == 404


# -- canned replies ------------------------------------------------------------------------------------------

def test_agents_see_shared_and_their_own_replies():
    shared = make_reply("共享")
    mine = make_reply("我的", owner=p.CS_AGENT, shared=False)
    make_reply("别人的", owner=p.CS_GROUP_LEADER, shared=False)
    ids = {r["id"] for r in api_as(p.CS_AGENT).get(REPLIES).json()["results"]}
    assert ids == {shared.pk, mine.pk}


def test_an_agent_keeps_personal_replies_but_may_not_share():
    client = api_as(p.CS_AGENT)
    response = client.post(REPLIES, {"title": "我的", "body": "您好{customer_name}"}, format="json")
    assert response.status_code == 201 and response.json()["is_shared"] is False
    assert client.post(REPLIES, {"title": "共享", "body": "x", "is_shared": True}, format="json").status_code == 403
    reply_id = response.json()["id"]
    assert client.patch(f"{REPLIES}{reply_id}/", {"is_shared": True}, format="json").status_code == 403
    assert client.delete(f"{REPLIES}{reply_id}/").status_code == 204
    assert not CannedReply.objects.filter(pk=reply_id).exists()


def test_shared_replies_are_changed_by_editors_only():
    shared = make_reply("共享")
    assert api_as(p.CS_AGENT).patch(f"{REPLIES}{shared.pk}/", {"title": "改"}, format="json").status_code == 403
    assert api_as(p.CS_AGENT).delete(f"{REPLIES}{shared.pk}/").status_code == 403
    assert api_as(EDITOR).patch(f"{REPLIES}{shared.pk}/", {"title": "改"}, format="json").json()["title"] == "改"


def test_someone_elses_personal_reply_is_404():
    other = make_reply("别人的", owner=p.CS_GROUP_LEADER, shared=False)
    assert api_as(p.CS_AGENT).get(f"{REPLIES}{other.pk}/").status_code == 404
    assert api_as(p.CS_AGENT).patch(f"{REPLIES}{other.pk}/", {"title": "x"}, format="json").status_code == 404


def test_render_fills_the_placeholders_for_a_ticket():
    customer = make_customer(name="广州恒信印务")
    ticket = make_ticket(customer=customer)
    reply = make_reply(body="{customer_name}您好，工单{ticket_number}已受理。")
    response = api_as(p.CS_AGENT).get(f"{REPLIES}{reply.pk}/render/", {"ticket": ticket.pk})
    assert response.status_code == 200
    assert response.json() == {"reply": reply.pk, "ticket": ticket.pk,
                               "text": f"广州恒信印务您好，工单{ticket.number}已受理。"}


def test_render_needs_a_ticket_in_scope():
    reply = make_reply()
    client = api_as(p.CS_AGENT)
    response = client.get(f"{REPLIES}{reply.pk}/render/")
    assert response.status_code == 400 and "ticket" in response.json()["fields"]
    make_rule("cs-inquiry", kind="inquiry")
    hidden = make_ticket("cs_manager", kind="inquiry")
    assert client.get(f"{REPLIES}{reply.pk}/render/", {"ticket": hidden.pk}).status_code == 404
    assert client.get(f"{REPLIES}{reply.pk}/render/", {"ticket": 999999}).status_code == 404
