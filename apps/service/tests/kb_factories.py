"""Knowledge-base test data made through the services (articles walk the real review workflow)."""

from core.testing.helpers import user

from ..choices import ArticleStatus
from ..services import kb as kb_services


def make_article(title: str = "喷头堵塞的清洗步骤", *, body: str = "先打印测试条，再执行标准清洗。",
                 status: str = ArticleStatus.PUBLISHED, editor: str = "kb_editor", reviewer: str = "cs_manager",
                 **fields):
    """An article by the KB editor, taken through review to `status`."""
    article = kb_services.create_article(actor=user(editor), title=title, body=body, **fields)
    if status == ArticleStatus.DRAFT:
        return article
    article = kb_services.submit_article(actor=user(editor), article=article)
    if status == ArticleStatus.IN_REVIEW:
        return article
    article = kb_services.publish_article(actor=user(reviewer), article=article)
    if status == ArticleStatus.ARCHIVED:
        article = kb_services.archive_article(actor=user(reviewer), article=article)
    return article


def make_reply(title: str = "受理确认", *, body: str = "{customer_name}您好，工单{ticket_number}已受理。",
               owner: str = "kb_editor", shared: bool = True, **fields):
    return kb_services.create_canned_reply(actor=user(owner), title=title, body=body, is_shared=shared, **fields)
