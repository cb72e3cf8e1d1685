"""Knowledge-base pages: the searchable list (HTMX live results), an article with its review actions and history,
the editor's form, canned replies; and the ticket-side pieces (suggestions while typing, the ticket's KB panel with
"solved by this article" and canned replies filled in for the ticket)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.history import history_for
from core.parsing import parse_id

from .. import access, kb_access, kb_selectors, selectors
from ..choices import ArticleKind, ArticleStatus
from ..kb_forms import ArticleForm, CannedReplyForm, ReturnForm
from ..kb_search import search_articles
from ..kb_workflow import InvalidArticleTransition
from ..services import kb as kb_services
from .common import apply_errors, require

PAGE_SIZE = 25
ARTICLE_FIELDS = list(ArticleForm.base_fields)
REPLY_FIELDS = list(CannedReplyForm.base_fields)


def _statuses(user) -> list[tuple[str, str, int]]:
    counts = kb_selectors.status_counts(user)
    return [(code, label, counts[code]) for code, label in ArticleStatus.choices]


@login_required
def kb_list(request):
    """The knowledge base: search box with live results; editors also filter by status."""
    user, get = request.user, request.GET
    require(kb_access.can_view_kb(user))
    editor = kb_access.sees_unpublished(user)
    filters = {"search": get.get("q", "").strip()[:100],
               "kind": get.get("kind", "") if get.get("kind", "") in ArticleKind.values else "",
               "status": get.get("status", "") if editor and get.get("status", "") in ArticleStatus.values else "",
               "category_id": parse_id(get.get("category", ""))}
    articles = kb_selectors.list_articles_for(user, **filters)
    page = Paginator(articles, PAGE_SIZE).get_page(get.get("page"))
    context = {"page": page, "filters": filters, "get": get, "editor": editor,
               "can_create": kb_access.can_edit_articles(user), "kinds": ArticleKind.choices,
               "categories": selectors.list_categories(), "statuses": _statuses(user) if editor else [],
               "can_canned": kb_access.can_use_canned_replies(user)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/kb/list.html#results", context)
    return render(request, "service/kb/list.html", context)


@login_required
def article_detail(request, pk):
    user = request.user
    article = kb_selectors.get_article_for(user, pk)
    tab = request.GET.get("tab", "article")
    if tab == "article" and article.status == ArticleStatus.PUBLISHED:
        kb_services.record_article_view(article=article)
    return render(request, "service/kb/article.html", {
        "article": article, "can": kb_access.article_actions(user, article), "tab": tab,
        "history": history_for(article) if tab == "history" else None,
        "solved": kb_selectors.tickets_solved_by(user, article), "return_form": ReturnForm(prefix="rt"),
        "editor": kb_access.sees_unpublished(user)})


@login_required
def article_form(request, pk=None):
    """Write a new draft or change an article (editors)."""
    user = request.user
    article = kb_selectors.get_article_for(user, pk) if pk else None
    require(kb_access.can_edit_article(user, article) if article else kb_access.can_edit_articles(user))
    initial = {name: getattr(article, name) for name in ARTICLE_FIELDS} if article else {}
    form = ArticleForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if article:
                article = kb_services.update_article(actor=user, article=article, **form.cleaned_data)
            else:
                article = kb_services.create_article(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("service:kb-detail", pk=article.pk)
    return render(request, "service/kb/article_form.html", {"form": form, "article": article})


_ACTIONS = {
    "submit": (kb_access.can_submit, lambda user, article, post: kb_services.submit_article(
        actor=user, article=article), gettext_lazy("Sent for review.")),
    "publish": (kb_access.can_publish, lambda user, article, post: kb_services.publish_article(
        actor=user, article=article), gettext_lazy("Published: agents see it from now on.")),
    "return": (kb_access.can_return, lambda user, article, post: kb_services.return_article(
        actor=user, article=article, note=post.get("rt-note", "")), gettext_lazy("Sent back to the author.")),
    "archive": (kb_access.can_archive, lambda user, article, post: kb_services.archive_article(
        actor=user, article=article, reason=post.get("reason", "")), gettext_lazy("Archived.")),
    "revive": (kb_access.can_revive, lambda user, article, post: kb_services.revive_article(
        actor=user, article=article), gettext_lazy("Back to draft.")),
}


@login_required
@require_POST
def article_action(request, pk, action):
    """Submit for review, publish, send back, archive or revive; then back to the article."""
    article = kb_selectors.get_article_for(request.user, pk)
    if action not in _ACTIONS:
        raise PermissionDenied
    check, run, done = _ACTIONS[action]
    require(check(request.user, article))
    try:
        run(request.user, article, request.POST)
    except (InvalidArticleTransition, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("service:kb-detail", pk=pk)


# -- on the ticket pages ---------------------------------------------------------------------------------------

@login_required
def suggest(request):
    """Published articles matching what the agent types in the new-ticket form (HTMX, debounced)."""
    text = " ".join(request.GET.get(name, "")[:500] for name in ("subject", "product", "description"))
    articles = kb_selectors.suggestions_for(request.user, text)
    return render(request, "service/kb/suggestions.html", {"articles": articles, "text": text.strip()})


def _panel_context(request, ticket, search: str | None) -> dict:
    user = request.user
    if search:
        articles = search_articles(search, limit=kb_selectors.SUGGESTIONS, published_only=True)
    else:
        articles = kb_selectors.suggestions_for(user, kb_selectors.ticket_text(ticket))
    solved_ids = kb_selectors.solved_articles(ticket)
    may_mark = access.can_reply(user, ticket) and kb_access.can_view_kb(user)
    can_reply = access.can_reply(user, ticket)
    return {
        "ticket": ticket, "articles": list(articles.select_related("category")), "solved_ids": solved_ids,
        "solved_articles": kb_access.articles_visible_to(user).filter(pk__in=solved_ids),
        "may_mark": may_mark, "search": search or "",
        "canned": kb_selectors.canned_replies_for_ticket(user, ticket)
        if can_reply and kb_access.can_use_canned_replies(user) else [],
        "can_add_canned": kb_access.can_add_canned_reply(user),
    }


@login_required
def ticket_panel(request, pk):
    """The ticket page's knowledge-base card, loaded after the page: suggestions for the ticket (or for the words
    typed in its search box), "solved by this article", canned replies filled in for this ticket."""
    ticket = selectors.get_ticket_for(request.user, pk)
    require(kb_access.can_view_kb(request.user))
    search = request.GET.get("q", "").strip()[:100] if "q" in request.GET else None
    context = _panel_context(request, ticket, search)
    template = "service/kb/panel.html#results" if search is not None else "service/kb/panel.html"
    return render(request, template, context)


@login_required
@require_POST
def mark_solved(request, pk, article_pk):
    """"Solved by this article": link the article to the ticket and count it once."""
    ticket = selectors.get_ticket_for(request.user, pk)
    article = kb_selectors.get_article_for(request.user, article_pk)
    require(kb_access.can_mark_solved(request.user, ticket, article))
    try:
        counted = kb_services.mark_solved_by_article(actor=request.user, ticket=ticket, article=article)
    except ValidationError as exc:
        notice, level = " ".join(exc.messages), messages.ERROR
    else:
        notice = (_("Recorded: “%(title)s” solved this ticket.") if counted
                  else _("This ticket was already recorded as solved by “%(title)s”.")) % {"title": article.title}
        level = messages.SUCCESS if counted else messages.INFO
    if request.htmx:
        context = _panel_context(request, ticket, None)
        return render(request, "service/kb/panel.html", {**context, "notice": notice})
    messages.add_message(request, level, notice)
    return redirect("service:detail", pk=pk)


# -- canned replies --------------------------------------------------------------------------------------------

@login_required
def canned_list(request):
    user = request.user
    require(kb_access.can_use_canned_replies(user))
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(kb_selectors.canned_replies_for(user, search=search), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(reply, kb_access.can_edit_canned_reply(user, reply)) for reply in page]
    context = {"page": page, "rows": rows, "search": search, "can_add": kb_access.can_add_canned_reply(user),
               "placeholders": kb_selectors.PLACEHOLDERS}
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/kb/canned_list.html#table", context)
    return render(request, "service/kb/canned_list.html", context)


@login_required
def canned_form(request, pk=None):
    user = request.user
    reply = kb_selectors.get_canned_reply_for(user, pk) if pk else None
    require(kb_access.can_edit_canned_reply(user, reply) if reply else kb_access.can_add_canned_reply(user))
    can_share = kb_access.can_share_canned_replies(user)
    initial = {name: getattr(reply, name) for name in REPLY_FIELDS} if reply else {"is_active": True,
                                                                                    "is_shared": can_share}
    form = CannedReplyForm(request.POST or None, initial=initial, can_share=can_share)
    if request.method == "POST" and form.is_valid():
        try:
            if reply:
                kb_services.update_canned_reply(actor=user, reply=reply, **form.cleaned_data)
            else:
                kb_services.create_canned_reply(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Canned reply saved."))
            return redirect("service:kb-canned")
    return render(request, "service/kb/canned_form.html", {
        "form": form, "reply": reply, "can_delete": bool(reply) and kb_access.can_delete_canned_reply(user, reply)})


@login_required
@require_POST
def canned_delete(request, pk):
    reply = kb_selectors.get_canned_reply_for(request.user, pk)
    require(kb_access.can_delete_canned_reply(request.user, reply))
    kb_services.delete_canned_reply(actor=request.user, reply=reply)
    messages.success(request, _("Canned reply deleted."))
    return redirect("service:kb-canned")
