"""Writers of the knowledge base: articles through their review workflow, the "solved by this article" link, canned
replies. Every article write re-indexes the article for search in the same transaction (apps.service.kb_search)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import kb_search
from .. import kb_workflow as workflow
from ..choices import ArticleKind, ArticleStatus, TicketStatus
from ..models import Article, CannedReply, Ticket, TicketArticle

ARTICLE_FIELDS = {"title", "body", "kind", "category", "product", "product_name", "keywords"}
REPLY_FIELDS = {"title", "body", "category", "is_shared", "is_active"}


def _product_text(product, typed: str) -> str:
    """The searchable product text: what the editor typed, else the catalogue product's name and model."""
    typed = (typed or "").strip()
    if typed or product is None:
        return typed
    return f"{product.name} {product.model}".strip()


def _clean_article(article: Article) -> None:
    errors = {}
    if not article.title.strip():
        errors["title"] = [_("Give the article a title.")]
    if not article.body.strip():
        errors["body"] = [_("Write the article's text.")]
    if article.kind not in ArticleKind.values:
        errors["kind"] = [_("Choose a solution or an FAQ.")]
    if errors:
        raise ValidationError(errors)
    article.title, article.keywords = article.title.strip(), article.keywords.strip()


@transaction.atomic
def create_article(*, actor, title: str, body: str, kind: str = ArticleKind.SOLUTION, category=None, product=None,
                   product_name: str = "", keywords: str = "") -> Article:
    """Write a new draft; it reaches agents only after review and publication."""
    article = Article(title=title, body=body, kind=kind, category=category, product=product,
                      product_name=_product_text(product, product_name), keywords=keywords,
                      status=ArticleStatus.DRAFT, author=actor, created_by=actor, updated_by=actor)
    _clean_article(article)
    article.save()
    kb_search.index_article(article)
    return article


@transaction.atomic
def update_article(*, actor, article: Article, **changes) -> Article:
    """Change an article's text or classification (a published one stays published; the history keeps the old)."""
    unknown = set(changes) - ARTICLE_FIELDS
    if unknown:
        raise TypeError(f"update_article() got unexpected fields: {sorted(unknown)}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == ArticleStatus.ARCHIVED:
        raise ValidationError(_("An archived article is revived as a draft before it is changed."),
                              code="archived")
    for field, value in changes.items():
        setattr(article, field, value)
    if "product" in changes and "product_name" not in changes:
        article.product_name = ""
    article.product_name = _product_text(article.product, article.product_name)
    _clean_article(article)
    article.updated_by = actor
    article.save()
    kb_search.index_article(article)
    return article


def _move(*, actor, article: Article, target: str, **fields) -> Article:
    """Change the status through the workflow; the conditional UPDATE makes a concurrent change lose cleanly."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    current = workflow.transition(article, target)
    now = timezone.now()
    if not Article.objects.filter(pk=article.pk, status=current).update(status=target, updated_at=now):
        raise workflow.InvalidArticleTransition(_("The article was changed meanwhile; reload it."),
                                                code="invalid_transition")
    for field, value in fields.items():
        setattr(article, field, value)
    article.updated_by = actor
    article.save(update_fields=["status", "updated_by", "updated_at", *fields])  # writes the history entry
    kb_search.index_article(article)
    return article


@transaction.atomic
def submit_article(*, actor, article: Article) -> Article:
    """Ask for review of a draft."""
    return _move(actor=actor, article=article, target=ArticleStatus.IN_REVIEW, submitted_at=timezone.now(),
                 review_note="")


@transaction.atomic
def publish_article(*, actor, article: Article, note: str = "") -> Article:
    """The reviewer publishes an article in review: agents and suggestions see it from now on."""
    return _move(actor=actor, article=article, target=ArticleStatus.PUBLISHED, reviewer=actor,
                 published_at=timezone.now(), review_note=note.strip()[:300], archived_at=None)


@transaction.atomic
def return_article(*, actor, article: Article, note: str) -> Article:
    """The reviewer sends an article back to draft, saying what to change."""
    if not note.strip():
        raise ValidationError({"note": [_("Say what the author should change.")]})
    return _move(actor=actor, article=article, target=ArticleStatus.DRAFT, reviewer=actor,
                 review_note=note.strip()[:300])


@transaction.atomic
def archive_article(*, actor, article: Article, reason: str = "") -> Article:
    """Withdraw an article (out of date, product retired): agents no longer see it."""
    return _move(actor=actor, article=article, target=ArticleStatus.ARCHIVED, archived_at=timezone.now(),
                 review_note=reason.strip()[:300])


@transaction.atomic
def revive_article(*, actor, article: Article) -> Article:
    """Bring an archived article back as a draft, to be changed and reviewed again."""
    return _move(actor=actor, article=article, target=ArticleStatus.DRAFT, archived_at=None, published_at=None)


def record_article_view(*, article: Article) -> None:
    """Count one reading of the article (an atomic increment: no lost updates, no history entry)."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def mark_solved_by_article(*, actor, ticket: Ticket, article: Article) -> bool:
    """Record that the article solved the ticket and count it; a ticket counts once per article (the unique link
    decides, also under concurrent clicks). Returns whether this call counted it."""
    if article.status != ArticleStatus.PUBLISHED:
        raise ValidationError(_("Only a published article can be recorded as the solution."), code="not_published")
    if ticket.status == TicketStatus.CLOSED:
        raise ValidationError(_("A closed ticket cannot be changed."), code="closed")
    try:
        with transaction.atomic():
            TicketArticle.objects.create(ticket=ticket, article=article, linked_by=actor)
    except IntegrityError:
        return False
    Article.objects.filter(pk=article.pk).update(solved_count=F("solved_count") + 1)
    return True


# -- canned replies ------------------------------------------------------------------------------------------

def _clean_reply(reply: CannedReply) -> None:
    errors = {}
    if not reply.title.strip():
        errors["title"] = [_("Give the reply a title.")]
    if not reply.body.strip():
        errors["body"] = [_("Write the reply's text.")]
    if errors:
        raise ValidationError(errors)
    reply.title = reply.title.strip()


@transaction.atomic
def create_canned_reply(*, actor, title: str, body: str, category=None, is_shared: bool = False,
                        is_active: bool = True) -> CannedReply:
    """A new canned reply, personal to `actor` or shared with the desk."""
    reply = CannedReply(title=title, body=body, category=category, is_shared=is_shared, is_active=is_active,
                        owner=actor, created_by=actor, updated_by=actor)
    _clean_reply(reply)
    reply.save()
    return reply


@transaction.atomic
def update_canned_reply(*, actor, reply: CannedReply, **changes) -> CannedReply:
    unknown = set(changes) - REPLY_FIELDS
    if unknown:
        raise TypeError(f"update_canned_reply() got unexpected fields: {sorted(unknown)}")
    reply = CannedReply.objects.select_for_update().get(pk=reply.pk)
    for field, value in changes.items():
        setattr(reply, field, value)
    _clean_reply(reply)
    reply.updated_by = actor
    reply.save()
    return reply


@transaction.atomic
def delete_canned_reply(*, actor, reply: CannedReply) -> None:
    reply.updated_by = actor
    reply.delete()
