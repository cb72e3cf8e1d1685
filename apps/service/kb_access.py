"""Who sees which knowledge-base articles and canned replies, and who may write, review and publish them.

Agents and other readers see published articles only; editors (change_article) also see drafts, articles in
review and archived ones. Canned replies: the desk's shared ones plus the user's own personal ones."""

from django.db.models import Q, QuerySet

from . import access
from . import kb_workflow as workflow
from .choices import ArticleStatus, TicketStatus
from .models import Article, CannedReply, Ticket


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(perm))


def can_view_kb(user) -> bool:
    return _has(user, "service.view_article")


def can_edit_articles(user) -> bool:
    """Write articles and see them before they are published (the knowledge-base editor)."""
    return can_view_kb(user) and _has(user, "service.add_article") and _has(user, "service.change_article")


def can_review_articles(user) -> bool:
    return can_view_kb(user) and _has(user, "service.publish_article")


def sees_unpublished(user) -> bool:
    return can_edit_articles(user) or can_review_articles(user)


def articles_visible_to(user) -> QuerySet[Article]:
    """Every article for editors and reviewers; published ones for other readers; none without the right."""
    if not can_view_kb(user):
        return Article.objects.none()
    if sees_unpublished(user):
        return Article.objects.all()
    return Article.objects.filter(status=ArticleStatus.PUBLISHED)


def can_edit_article(user, article: Article) -> bool:
    """Archived articles are revived as drafts before they are changed."""
    return can_edit_articles(user) and article.status != ArticleStatus.ARCHIVED


def can_submit(user, article: Article) -> bool:
    return can_edit_articles(user) and workflow.can_transition(article.status, ArticleStatus.IN_REVIEW)


def can_publish(user, article: Article) -> bool:
    return can_review_articles(user) and workflow.can_transition(article.status, ArticleStatus.PUBLISHED)


def can_return(user, article: Article) -> bool:
    """Send an article in review back to its author with a note."""
    return can_review_articles(user) and article.status == ArticleStatus.IN_REVIEW


def can_archive(user, article: Article) -> bool:
    return can_review_articles(user) and workflow.can_transition(article.status, ArticleStatus.ARCHIVED)


def can_revive(user, article: Article) -> bool:
    return can_edit_articles(user) and article.status == ArticleStatus.ARCHIVED


def article_actions(user, article: Article) -> dict[str, bool]:
    """The buttons of the article page, from the same checks the views and the API make."""
    return {"edit": can_edit_article(user, article), "submit": can_submit(user, article),
            "publish": can_publish(user, article), "return": can_return(user, article),
            "archive": can_archive(user, article), "revive": can_revive(user, article)}


def can_mark_solved(user, ticket: Ticket, article: Article) -> bool:
    """Record that a published article solved a ticket the user works."""
    return (access.can_reply(user, ticket) and ticket.status != TicketStatus.CLOSED
            and article.status == ArticleStatus.PUBLISHED and can_view_kb(user))


# -- canned replies ------------------------------------------------------------------------------------------

def can_use_canned_replies(user) -> bool:
    return _has(user, "service.view_cannedreply")


def can_add_canned_reply(user) -> bool:
    return can_use_canned_replies(user) and _has(user, "service.add_cannedreply")


def can_share_canned_replies(user) -> bool:
    """Write the desk's shared canned replies (personal ones need only the add right)."""
    return can_add_canned_reply(user) and _has(user, "service.manage_shared_cannedreply")


def canned_replies_visible_to(user) -> QuerySet[CannedReply]:
    if not can_use_canned_replies(user):
        return CannedReply.objects.none()
    return CannedReply.objects.filter(Q(is_shared=True) | Q(owner_id=user.pk))


def can_edit_canned_reply(user, reply: CannedReply) -> bool:
    """Personal replies by their owner; shared ones by those who manage the shared set."""
    if not _has(user, "service.change_cannedreply"):
        return False
    return can_share_canned_replies(user) if reply.is_shared else reply.owner_id == user.pk


def can_delete_canned_reply(user, reply: CannedReply) -> bool:
    return _has(user, "service.delete_cannedreply") and can_edit_canned_reply(user, reply)
