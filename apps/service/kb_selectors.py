"""Reads of the knowledge base: article lists and search, suggestions for a ticket, canned replies filled in."""

import re

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, kb_access
from .choices import ArticleStatus
from .kb_search import search_articles
from .models import Article, CannedReply, Ticket, TicketArticle

SEARCH_LIMIT = 200  # the most results a search box lists; refine the words to see others
SUGGESTIONS = 5
PLACEHOLDERS = ["customer_name", "ticket_number", "agent_name", "due_date", "product", "subject"]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
LIST_RELATED = ["category", "author", "reviewer"]


def list_articles_for(user, *, search: str = "", status: str = "", kind: str = "",
                      category_id: int | None = None) -> QuerySet[Article]:
    """The articles the user sees, searched (best first) or newest first, then narrowed by the filters."""
    visible = kb_access.articles_visible_to(user)
    if search.strip():
        articles = search_articles(search, limit=SEARCH_LIMIT, published_only=not kb_access.sees_unpublished(user))
        articles = articles.filter(pk__in=visible.values("pk"))
    else:
        articles = visible
    if status:
        articles = articles.filter(status=status)
    if kind:
        articles = articles.filter(kind=kind)
    if category_id:
        articles = articles.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    return articles.select_related(*LIST_RELATED)


def get_article_for(user, pk) -> Article:
    """An article the user may see, else 404."""
    return get_object_or_404(kb_access.articles_visible_to(user).select_related(*LIST_RELATED, "product"), pk=pk)


def suggestions_for(user, text: str, *, limit: int = SUGGESTIONS) -> QuerySet[Article]:
    """Published articles sharing words with what is being typed (a ticket's subject, description, product)."""
    if not kb_access.can_view_kb(user) or not text.strip():
        return Article.objects.none()
    return search_articles(text, limit=limit, published_only=True, similar=True).select_related("category")


def ticket_text(ticket: Ticket) -> str:
    """What a ticket is about, for suggestions: subject first, then product, fault and description."""
    return " ".join(part for part in (ticket.subject, ticket.product, ticket.model_no, ticket.fault,
                                      ticket.description) if part)


def solved_articles(ticket: Ticket) -> set[int]:
    """Ids of the articles already recorded as having solved the ticket."""
    return set(TicketArticle.objects.filter(ticket=ticket).values_list("article_id", flat=True))


def tickets_solved_by(user, article: Article, *, limit: int = 10) -> list[TicketArticle]:
    """The latest tickets the article solved, among those the user may see."""
    visible = access.tickets_visible_to(user).values("pk")
    return list(article.ticket_links.filter(ticket__in=visible).select_related("ticket", "linked_by")
                .order_by("-linked_at")[:limit])


def status_counts(user) -> dict[str, int]:
    """Articles per status for the editor's filter."""
    counts = dict.fromkeys(ArticleStatus.values, 0)
    rows = kb_access.articles_visible_to(user).order_by().values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# -- canned replies ------------------------------------------------------------------------------------------

def canned_replies_for(user, *, active_only: bool = False, search: str = "") -> QuerySet[CannedReply]:
    replies = kb_access.canned_replies_visible_to(user).select_related("category", "owner")
    if active_only:
        replies = replies.filter(is_active=True)
    if search.strip():
        replies = replies.filter(Q(title__icontains=search.strip()) | Q(body__icontains=search.strip()))
    return replies


def get_canned_reply_for(user, pk) -> CannedReply:
    return get_object_or_404(canned_replies_for(user), pk=pk)


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {name} by its value; unknown names stay as typed (never str.format on user text)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _person(user) -> str:
    return (user.get_full_name() or user.first_name or user.username) if user else ""


def placeholder_values(ticket: Ticket, agent) -> dict[str, str]:
    """The values of the placeholders for one ticket and the agent writing."""
    customer = ticket.customer.name if ticket.customer_id else (ticket.caller_name or _("Customer"))
    due = ticket.resolution_due or ticket.next_reply_at
    return {"customer_name": customer, "ticket_number": ticket.number, "agent_name": _person(agent),
            "due_date": timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "",
            "product": " ".join(p for p in (ticket.product, ticket.model_no) if p), "subject": ticket.subject}


def render_canned_reply(reply: CannedReply, ticket: Ticket, agent) -> str:
    """The reply's text with the ticket's placeholders filled in."""
    return fill_placeholders(reply.body, placeholder_values(ticket, agent))


def canned_replies_for_ticket(user, ticket: Ticket) -> list[tuple[CannedReply, str]]:
    """The active replies the user may insert, the ticket's category first, each with its filled-in text."""
    replies = canned_replies_for(user, active_only=True)
    values = placeholder_values(ticket, user)
    def rank(reply):
        fit = 0 if reply.category_id and reply.category_id == ticket.category_id else 1 if not reply.category_id else 2
        return fit, not reply.is_shared, reply.title

    ordered = sorted(replies, key=rank)
    return [(reply, fill_placeholders(reply.body, values)) for reply in ordered]
