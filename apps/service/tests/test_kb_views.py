"""Knowledge-base pages: the list with live search, article page and review actions, the editor's form, canned
replies, and the ticket-side pieces (suggestions while typing, the ticket's KB panel, "solved by this article")."""

import pytest

from apps.service.choices import ArticleStatus
from apps.service.models import Article, CannedReply, TicketArticle
from core.testing import personas as p
from core.testing.helpers import max_queries, web_as

from .factories import category, make_customer, make_ticket
from .kb_factories import make_article, make_reply

pytestmark = pytest.mark.django_db
EDITOR = "kb_editor"


def test_anonymous_is_sent_to_login():
    response = web_as(None).get("/service/kb/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_role_without_the_knowledge_base_is_refused():
    assert web_as(p.PARTNER_A_USER).get("/service/kb/").status_code == 403
    assert web_as(p.PARTNER_A_USER).get("/service/kb/canned/").status_code == 403


def test_the_nav_shows_the_knowledge_base_to_readers():
    assert 'href="/service/kb/"' in web_as(p.CS_AGENT).get("/service/kb/").content.decode()


def test_agents_see_published_articles_without_editor_controls():
    make_article("写真机卡纸的处理")
    make_article("草稿：喷头电压", status=ArticleStatus.DRAFT)
    html = web_as(p.CS_AGENT).get("/service/kb/").content.decode()
    assert "写真机卡纸的处理" in html and "草稿：喷头电压" not in html
    assert 'id="kb-new"' not in html and 'id="kb-status"' not in html


def test_the_live_search_returns_only_the_results_partial():
    make_article("写真机卡纸的处理")
    make_article("驱动安装")
    response = web_as(p.CS_AGENT).get("/service/kb/?q=卡纸", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "写真机卡纸的处理" in html and "驱动安装" not in html


def test_nothing_found_says_what_to_try():
    html = web_as(p.CS_AGENT).get("/service/kb/?q=不存在的词", HTTP_HX_REQUEST="true").content.decode()
    assert "mc-empty" in html and "不存在的词" in html


def test_the_list_runs_a_constant_number_of_queries():
    for n in range(15):
        make_article(f"文章{n}", category=category("喷头与墨路"))
    client = web_as(EDITOR)
    with max_queries(22):
        assert client.get("/service/kb/?q=文章").status_code == 200


def test_editors_see_drafts_and_filter_by_status():
    make_article("草稿：喷头电压", status=ArticleStatus.DRAFT)
    make_article("已发布文章")
    html = web_as(EDITOR).get("/service/kb/?status=draft").content.decode()
    assert "草稿：喷头电压" in html and "已发布文章" not in html and 'id="kb-new"' in html


def test_reading_an_article_counts_a_view():
    article = make_article("写真机卡纸的处理", body="抬起压杆。")
    html = web_as(p.CS_AGENT).get(f"/service/kb/{article.pk}/").content.decode()
    assert "抬起压杆。" in html and 'id="article-actions"' in html and 'id="article-edit"' not in html
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_a_draft_is_404_to_agents():
    draft = make_article(status=ArticleStatus.DRAFT)
    assert web_as(p.CS_AGENT).get(f"/service/kb/{draft.pk}/").status_code == 404


def test_an_editor_writes_submits_and_the_manager_publishes():
    client = web_as(EDITOR)
    response = client.post("/service/kb/new/", {"title": "UV灯不亮", "kind": "solution", "body": "检查风扇。",
                                                "keywords": "UV灯", "category": category("电气故障").pk})
    article = Article.objects.get(title="UV灯不亮")
    assert response.status_code == 302 and response["Location"] == f"/service/kb/{article.pk}/"
    assert article.status == ArticleStatus.DRAFT and article.author.username == EDITOR
    assert client.post(f"/service/kb/{article.pk}/do/submit/").status_code == 302
    html = web_as(p.CS_MANAGER).get(f"/service/kb/{article.pk}/").content.decode()
    assert 'id="article-publish"' in html and 'id="article-return"' in html
    web_as(p.CS_MANAGER).post(f"/service/kb/{article.pk}/do/publish/")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.reviewer.username == p.CS_MANAGER


def test_the_form_shows_the_services_errors_inline():
    response = web_as(EDITOR).post("/service/kb/new/", {"title": "", "kind": "solution", "body": ""})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not Article.objects.exists()


def test_editing_keeps_a_change_history():
    article = make_article("旧标题")
    web_as(EDITOR).post(f"/service/kb/{article.pk}/edit/", {"title": "新标题", "kind": "faq", "body": article.body})
    html = web_as(EDITOR).get(f"/service/kb/{article.pk}/?tab=history").content.decode()
    assert "旧标题" in html and "新标题" in html


def test_sending_back_with_a_note_shows_it_to_the_author():
    article = make_article(status=ArticleStatus.IN_REVIEW)
    web_as(p.CS_MANAGER).post(f"/service/kb/{article.pk}/do/return/", {"rt-note": "请补充型号"})
    html = web_as(EDITOR).get(f"/service/kb/{article.pk}/").content.decode()
    assert 'id="review-note"' in html and "请补充型号" in html


@pytest.mark.parametrize("path", ["/service/kb/new/", "/service/kb/{id}/edit/"])
def test_agents_may_not_write_articles(path):
    article = make_article()
    assert web_as(p.CS_AGENT).get(path.format(id=article.pk)).status_code == 403


@pytest.mark.parametrize("action", ["publish", "archive", "submit", "return", "revive", "nonsense"])
def test_agents_may_not_run_review_actions(action):
    article = make_article()
    assert web_as(p.CS_AGENT).post(f"/service/kb/{article.pk}/do/{action}/").status_code == 403
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED


def test_review_actions_on_an_article_agents_cannot_see_are_404():
    article = make_article(status=ArticleStatus.IN_REVIEW)
    assert web_as(p.CS_AGENT).post(f"/service/kb/{article.pk}/do/publish/").status_code == 404


# -- on the ticket pages -------------------------------------------------------------------------------------

def test_the_new_ticket_form_has_the_live_suggestions_box():
    html = web_as(p.CS_AGENT).get("/service/new/").content.decode()
    assert 'id="kb-suggestions"' in html and "/service/kb/suggest/" in html and "delay:400ms" in html


def test_suggestions_while_typing_a_subject():
    make_article("写真机卡纸的处理", keywords="卡纸")
    make_article("驱动安装")
    html = web_as(p.CS_AGENT).get("/service/kb/suggest/", {"subject": "新机安装后频繁卡纸"},
                                  HTTP_HX_REQUEST="true").content.decode()
    assert "写真机卡纸的处理" in html and "<html" not in html


def test_no_suggestions_for_a_role_without_the_knowledge_base():
    make_article("写真机卡纸的处理")
    html = web_as(p.PARTNER_A_USER).get("/service/kb/suggest/", {"subject": "卡纸"}).content.decode()
    assert "写真机卡纸的处理" not in html
    assert 'id="kb-suggestions"' not in web_as(p.PARTNER_A_USER).get("/service/new/").content.decode()


def test_the_ticket_page_loads_the_knowledge_base_panel():
    ticket = make_ticket(subject="打印机卡纸", assign_to_me=True)
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/").content.decode()
    assert f"/service/tickets/{ticket.pk}/kb/" in html and 'id="kb-panel"' in html


def test_the_panel_suggests_articles_and_fills_canned_replies_for_the_ticket():
    article = make_article("写真机卡纸的处理", keywords="卡纸")
    make_reply("受理确认", body="{customer_name}您好，工单{ticket_number}已受理。")
    ticket = make_ticket(subject="新机频繁卡纸", customer=make_customer(name="北京彩印"), assign_to_me=True)
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/kb/", HTTP_HX_REQUEST="true").content.decode()
    assert f'data-article="{article.pk}"' in html and f'data-solved-by="{article.pk}"' in html
    assert f'data-text="北京彩印您好，工单{ticket.number}已受理。"' in html


def test_the_panel_search_box_returns_results_only():
    make_article("驱动安装", body="driver")
    ticket = make_ticket(subject="打印机卡纸", assign_to_me=True)
    html = web_as(p.CS_AGENT).get(f"/service/tickets/{ticket.pk}/kb/?q=driver",
                                  HTTP_HX_REQUEST="true").content.decode()
    assert "驱动安装" in html and 'id="kb-canned"' not in html


def test_the_panel_of_a_ticket_out_of_scope_is_404():
    from .factories import make_rule

    make_rule("cs-inquiry", kind="inquiry")
    hidden = make_ticket("cs_manager", kind="inquiry")
    assert web_as(p.CS_AGENT).get(f"/service/tickets/{hidden.pk}/kb/").status_code == 404


def test_solved_by_this_article_counts_once_and_shows_on_the_panel():
    article = make_article("写真机卡纸的处理", keywords="卡纸")
    ticket = make_ticket(subject="卡纸", assign_to_me=True)
    client = web_as(p.CS_AGENT)
    url = f"/service/tickets/{ticket.pk}/kb/solved/{article.pk}/"
    html = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="kb-notice"' in html and 'id="kb-solved"' in html and f'data-solved-by="{article.pk}"' not in html
    html = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "already" in html or "已" in html
    assert Article.objects.get(pk=article.pk).solved_count == 1
    assert TicketArticle.objects.filter(ticket=ticket).count() == 1


def test_solved_needs_the_right_to_work_the_ticket():
    article = make_article()
    ticket = make_ticket(subject="卡纸")
    assert web_as(p.NORTH_REP).post(f"/service/tickets/{ticket.pk}/kb/solved/{article.pk}/").status_code == 404
    assert web_as("qa_evaluator").post(f"/service/tickets/{ticket.pk}/kb/solved/{article.pk}/").status_code == 403
    assert Article.objects.get(pk=article.pk).solved_count == 0


# -- canned replies ------------------------------------------------------------------------------------------

def test_an_agent_writes_a_personal_reply_without_the_share_option():
    client = web_as(p.CS_AGENT)
    assert 'name="is_shared"' not in client.get("/service/kb/canned/new/").content.decode()
    response = client.post("/service/kb/canned/new/", {"title": "我的回复", "body": "您好{customer_name}",
                                                       "is_active": "on", "is_shared": "on"})
    assert response.status_code == 302
    reply = CannedReply.objects.get(title="我的回复")
    assert reply.is_shared is False and reply.owner.username == p.CS_AGENT


def test_an_editor_shares_a_reply_and_agents_cannot_edit_it():
    web_as(EDITOR).post("/service/kb/canned/new/", {"title": "共享回复", "body": "x", "is_active": "on",
                                                    "is_shared": "on"})
    reply = CannedReply.objects.get(title="共享回复")
    assert reply.is_shared
    html = web_as(p.CS_AGENT).get("/service/kb/canned/").content.decode()
    assert "共享回复" in html and f"/service/kb/canned/{reply.pk}/" not in html
    assert web_as(p.CS_AGENT).get(f"/service/kb/canned/{reply.pk}/").status_code == 403
    assert web_as(p.CS_AGENT).post(f"/service/kb/canned/{reply.pk}/delete/").status_code == 403


def test_the_owner_deletes_a_personal_reply():
    reply = make_reply("我的", owner=p.CS_AGENT, shared=False)
    assert web_as(p.CS_AGENT).post(f"/service/kb/canned/{reply.pk}/delete/").status_code == 302
    assert not CannedReply.objects.filter(pk=reply.pk).exists()


def test_the_global_search_finds_published_articles():
    article = make_article("写真机卡纸的处理", product_name="大幅面写真机")
    make_article("卡纸草稿", status=ArticleStatus.DRAFT)
    html = web_as(p.CS_AGENT).get("/search/", {"q": "卡纸"}).content.decode()
    assert f"/service/kb/{article.pk}/" in html and "卡纸草稿" not in html
    assert "写真机卡纸的处理" not in web_as(p.PARTNER_A_USER).get("/search/", {"q": "卡纸"}).content.decode()
