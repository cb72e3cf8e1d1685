"""Knowledge-base services and rules: the review workflow pair by pair, history, the "solved by this article" counter
(once per ticket), placeholders of canned replies, access rules."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.tests.factories import make_product
from apps.service import kb_access, kb_selectors
from apps.service import kb_workflow as workflow
from apps.service.choices import ArticleStatus
from apps.service.models import Article, TicketArticle
from apps.service.services import kb as kb_services
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_customer, make_ticket
from .kb_factories import make_article, make_reply

pytestmark = pytest.mark.django_db
S = ArticleStatus

ALLOWED = {(S.DRAFT, S.IN_REVIEW), (S.DRAFT, S.ARCHIVED), (S.IN_REVIEW, S.DRAFT), (S.IN_REVIEW, S.PUBLISHED),
           (S.PUBLISHED, S.ARCHIVED), (S.ARCHIVED, S.DRAFT)}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_the_transition_table_pair_by_pair(current, target):
    assert workflow.can_transition(current, target) == ((current, target) in ALLOWED)


def test_a_new_article_is_a_draft_by_its_author():
    article = make_article(status=S.DRAFT)
    assert article.status == S.DRAFT and article.author == user("kb_editor")
    assert article.published_at is None and article.reviewer is None


def test_review_then_publish_records_reviewer_and_time_and_history():
    article = make_article(status=S.IN_REVIEW)
    assert article.submitted_at is not None
    article = kb_services.publish_article(actor=user(p.CS_MANAGER), article=article, note="内容准确")
    assert article.status == S.PUBLISHED and article.reviewer == user(p.CS_MANAGER)
    assert article.published_at is not None and article.review_note == "内容准确"
    statuses = list(article.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == [S.DRAFT, S.IN_REVIEW, S.PUBLISHED]
    assert article.history.latest("history_date").history_user == user(p.CS_MANAGER)


def test_a_draft_cannot_be_published_without_review():
    article = make_article(status=S.DRAFT)
    with pytest.raises(workflow.InvalidArticleTransition):
        kb_services.publish_article(actor=user(p.CS_MANAGER), article=article)
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_sending_back_needs_a_note_and_returns_to_draft():
    article = make_article(status=S.IN_REVIEW)
    with pytest.raises(ValidationError) as exc:
        kb_services.return_article(actor=user(p.CS_MANAGER), article=article, note=" ")
    assert "note" in exc.value.message_dict
    article = kb_services.return_article(actor=user(p.CS_MANAGER), article=article, note="补充型号")
    assert article.status == S.DRAFT and article.review_note == "补充型号"


def test_a_stale_copy_loses_against_a_concurrent_change():
    article = make_article(status=S.IN_REVIEW)
    stale = Article.objects.get(pk=article.pk)
    kb_services.publish_article(actor=user(p.CS_MANAGER), article=article)
    with pytest.raises(workflow.InvalidArticleTransition):
        kb_services.return_article(actor=user(p.CS_MANAGER), article=stale, note="晚了")
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED


def test_an_archived_article_is_revived_before_it_is_changed():
    article = make_article(status=S.ARCHIVED)
    assert article.archived_at is not None
    with pytest.raises(ValidationError):
        kb_services.update_article(actor=user("kb_editor"), article=article, title="新标题")
    article = kb_services.revive_article(actor=user("kb_editor"), article=article)
    assert article.status == S.DRAFT and article.published_at is None
    assert kb_services.update_article(actor=user("kb_editor"), article=article, title="新标题").title == "新标题"


def test_title_and_text_are_required():
    with pytest.raises(ValidationError) as exc:
        kb_services.create_article(actor=user("kb_editor"), title=" ", body="")
    assert set(exc.value.message_dict) == {"title", "body"}


def test_a_catalogue_product_gives_the_searchable_product_text():
    product = make_product(name="UV平板打印机 2513", model="UV2513")
    article = kb_services.create_article(actor=user("kb_editor"), title="t", body="b", product=product)
    assert article.product_name == f"{product.name} {product.model}".strip()
    article = kb_services.update_article(actor=user("kb_editor"), article=article, product=None)
    assert article.product_name == ""


def test_solved_by_this_article_counts_once_per_ticket():
    article = make_article()
    ticket, other = make_ticket(subject="卡纸"), make_ticket(subject="又卡纸")
    agent = user(p.CS_AGENT)
    assert kb_services.mark_solved_by_article(actor=agent, ticket=ticket, article=article) is True
    assert kb_services.mark_solved_by_article(actor=agent, ticket=ticket, article=article) is False
    assert kb_services.mark_solved_by_article(actor=user(p.CS_MANAGER), ticket=ticket, article=article) is False
    assert kb_services.mark_solved_by_article(actor=agent, ticket=other, article=article) is True
    article.refresh_from_db()
    assert article.solved_count == 2
    assert TicketArticle.objects.filter(article=article).count() == 2


def test_only_published_articles_solve_tickets():
    draft = make_article(status=S.DRAFT)
    with pytest.raises(ValidationError):
        kb_services.mark_solved_by_article(actor=user(p.CS_AGENT), ticket=make_ticket(), article=draft)
    assert Article.objects.get(pk=draft.pk).solved_count == 0


def test_views_are_counted_without_a_history_entry():
    article = make_article()
    before = article.history.count()
    kb_services.record_article_view(article=article)
    kb_services.record_article_view(article=article)
    article.refresh_from_db()
    assert article.view_count == 2 and article.history.count() == before


# -- canned replies and placeholders ------------------------------------------------------------------------------

def test_placeholders_are_filled_for_the_ticket_and_agent():
    customer = make_customer(name="北京彩印广告有限公司")
    ticket = make_ticket(customer=customer, product="UV平板打印机", model_no="UV2513")
    due = dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.UTC)
    ticket.resolution_due = due
    reply = make_reply(body="{customer_name}您好，工单{ticket_number}（{product}）将在{due_date}前处理。{agent_name}")
    agent = user(p.CS_AGENT)
    text = kb_selectors.render_canned_reply(reply, ticket, agent)
    local = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    name = agent.get_full_name() or agent.first_name or agent.username
    assert text == f"北京彩印广告有限公司您好，工单{ticket.number}（UV平板打印机 UV2513）将在{local}前处理。{name}"


def test_an_unknown_caller_and_unknown_placeholders():
    ticket = make_ticket(caller_name="王先生")
    values = kb_selectors.placeholder_values(ticket, user(p.CS_AGENT))
    assert values["customer_name"] == "王先生"
    assert kb_selectors.fill_placeholders("{customer_name} {unknown} {ticket_number.__class__}", values) == \
        "王先生 {unknown} {ticket_number.__class__}"


def test_personal_replies_are_visible_to_their_owner_only():
    shared = make_reply("共享")
    mine = make_reply("我的", owner=p.CS_AGENT, shared=False)
    assert set(kb_selectors.canned_replies_for(user(p.CS_AGENT))) == {shared, mine}
    assert set(kb_selectors.canned_replies_for(user(p.CS_GROUP_LEADER))) == {shared}
    assert not kb_selectors.canned_replies_for(user(p.PARTNER_A_USER)).exists()


def test_who_may_edit_which_reply():
    shared = make_reply("共享")
    mine = make_reply("我的", owner=p.CS_AGENT, shared=False)
    agent, editor = user(p.CS_AGENT), user("kb_editor")
    assert kb_access.can_edit_canned_reply(agent, mine) and not kb_access.can_edit_canned_reply(agent, shared)
    assert kb_access.can_edit_canned_reply(editor, shared) and not kb_access.can_edit_canned_reply(editor, mine)


def test_ticket_replies_offer_the_tickets_category_first():
    from .factories import category

    repair = category("喷头与墨路")
    make_reply("A通用")
    make_reply("Z喷头", category=repair)
    make_reply("B收费", category=category("收费争议"))
    ticket = make_ticket(category=repair)
    titles = [reply.title for reply, _text in kb_selectors.canned_replies_for_ticket(user(p.CS_AGENT), ticket)]
    assert titles == ["Z喷头", "A通用", "B收费"]


def test_inactive_replies_are_not_offered_on_tickets():
    reply = make_reply("停用")
    kb_services.update_canned_reply(actor=user("kb_editor"), reply=reply, is_active=False)
    assert kb_selectors.canned_replies_for_ticket(user(p.CS_AGENT), make_ticket()) == []


# -- who sees what ------------------------------------------------------------------------------------------------

def test_readers_see_published_articles_and_editors_everything():
    published, draft = make_article("已发布"), make_article("草稿", status=S.DRAFT)
    assert set(kb_access.articles_visible_to(user(p.CS_AGENT))) == {published}
    assert set(kb_access.articles_visible_to(user(p.NORTH_REP))) == {published}
    assert set(kb_access.articles_visible_to(user("kb_editor"))) == {published, draft}
    assert not kb_access.articles_visible_to(user(p.PARTNER_A_USER)).exists()


def test_editing_and_reviewing_rights_by_role():
    article = make_article(status=S.IN_REVIEW)
    assert kb_access.can_publish(user("kb_editor"), article) and kb_access.can_publish(user(p.CS_MANAGER), article)
    assert not kb_access.can_publish(user(p.CS_AGENT), article)
    assert not kb_access.can_edit_articles(user(p.CS_AGENT))
    assert kb_access.article_actions(user(p.CS_AGENT), article) == dict.fromkeys(
        ["edit", "submit", "publish", "return", "archive", "revive"], False)
