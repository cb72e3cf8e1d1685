"""The knowledge base (客户问题解决方案数据库 and FAQ, domain.md §7): articles agents search while answering, the
tickets an article solved, and canned replies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history

from ..choices import ArticleKind, ArticleStatus
from .config import TicketCategory
from .tickets import Ticket


class Article(TimeStampedModel):
    """A solution or FAQ entry; agents see it once published, editors also see drafts and archived ones.

    Search goes through apps.service.kb_search (an FTS5 trigram table on SQLite, pg_trgm indexes on PostgreSQL)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.SOLUTION)
    category = models.ForeignKey(TicketCategory, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="articles")
    product = models.ForeignKey("catalog.Product", verbose_name=_("catalogue product"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # Searchable text of the product: the catalogue product's name and model, or a family typed by the editor.
    product_name = models.CharField(_("product"), max_length=200, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True,
                                help_text=_("Words customers use for this problem, separated by commas."))
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices,
                              default=ArticleStatus.DRAFT, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    solved_count = models.PositiveIntegerField(_("tickets solved by this article"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    history = track_history(excluded_fields=["solved_count", "view_count"])

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        permissions = [("publish_article", _("Can review, publish and archive knowledge-base articles"))]
        indexes = [models.Index(fields=["status", "-solved_count"], name="article_status_solved")]

    def __str__(self):
        return self.title


class TicketArticle(models.Model):
    """A ticket solved by an article ("solved by this article"); unique, so each ticket counts once."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="solved_by_articles")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ticket_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name = _("ticket solved by an article")
        verbose_name_plural = _("tickets solved by articles")
        constraints = [models.UniqueConstraint(fields=["ticket", "article"], name="one_solved_link_per_ticket")]

    def __str__(self):
        return f"{self.ticket_id} ← {self.article_id}"


class CannedReply(TimeStampedModel):
    """A ready answer with placeholders ({customer_name}, {ticket_number}, {agent_name}, {due_date}…), shared with
    the whole desk or personal to its owner."""

    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    category = models.ForeignKey(TicketCategory, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="canned_replies")
    is_shared = models.BooleanField(_("shared with the whole desk"), default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="canned_replies")
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        permissions = [("manage_shared_cannedreply", _("Can manage the desk's shared canned replies"))]

    def __str__(self):
        return self.title
