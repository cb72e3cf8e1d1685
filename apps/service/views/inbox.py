"""The agent's inbox: boxes with live counts, filters, saved views, bulk assignment; HTMX swaps the table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.parsing import parse_day, parse_id

from .. import access, selectors, services
from ..choices import SlaStatus, TicketChannel, TicketKind, TicketPriority, TicketStatus
from .common import countdown_labels, require
from .inbox_rows import inbox_rows

BOXES = [
    ("mine", gettext_lazy("My tickets"), "user"), ("team", gettext_lazy("My team's queue"), "users-group"),
    ("unassigned", gettext_lazy("Unassigned"), "inbox"), ("due_soon", gettext_lazy("Due soon"), "clock-exclamation"),
    ("breached", gettext_lazy("Breached"), "alarm"), ("majors", gettext_lazy("Major complaints"), "urgent"),
    ("watching", gettext_lazy("Watching"), "eye"), ("open", gettext_lazy("All open"), "list"),
    ("all", gettext_lazy("All, incl. closed"), "archive"),
]
_CHOICES = {"status": TicketStatus, "kind": TicketKind, "priority": TicketPriority, "sla_status": SlaStatus,
            "channel": TicketChannel}
PAGE_SIZE = 50


def inbox_filters(request) -> selectors.InboxFilters:
    """The inbox filters from the query string; unknown values are ignored."""
    get = request.GET
    exact = {name: get.get(name, "") for name, choices in _CHOICES.items() if get.get(name, "") in choices.values}
    exact.update({"team_id": parse_id(get.get("team", "")), "category_id": parse_id(get.get("category", ""))})
    assignee = get.get("assignee", "")
    if assignee == "me":
        exact["assignee_id"] = request.user.pk
    elif assignee == "none":
        exact["assignee__isnull"] = True
    else:
        exact["assignee_id"] = parse_id(assignee)
    if get.get("major") == "1":
        exact["is_major"] = True
    box = get.get("box", "open")
    return selectors.InboxFilters(box=box if box in {b[0] for b in BOXES} else "open",
                                  search=get.get("q", "").strip()[:100], exact=exact,
                                  received_from=parse_day(get.get("from")), received_to=parse_day(get.get("to")),
                                  sort=get.get("sort", ""))


def _boxes(counts: dict) -> list[tuple]:
    return [(key, label, icon, counts.get(key)) for key, label, icon in BOXES]


class CountedPaginator(Paginator):
    """A paginator told how many rows its list holds (the box counts work it out in the same query)."""

    def __init__(self, object_list, per_page, count: int | None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.count = count


@login_required
def inbox(request):
    require(access.can_view_tickets(request.user))
    filters = inbox_filters(request)
    counts = selectors.box_counts(request.user, filters)
    page = CountedPaginator(selectors.list_tickets_for(request.user, filters), PAGE_SIZE,
                            counts.pop("page", None)).get_page(request.GET.get("page"))
    context = {
        "page": page, "rows": inbox_rows(selectors.page_rows(page.object_list)), "filters": filters,
        "get": request.GET, "boxes": _boxes(counts),
        "choices": {name: choices.choices for name, choices in _CHOICES.items()},
        "categories": selectors.category_choices(), "teams": selectors.work_unit_choices_for(request.user),
        "saved_views": selectors.saved_views_for(request.user),
        "can_assign": access.can_assign_tickets(request.user), "can_create": access.can_create_ticket(request.user),
        "assignees": selectors.assignable_users_for(request.user) if access.can_assign_tickets(request.user) else [],
        "countdown_labels": countdown_labels(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/inbox.html#table", context)
    return render(request, "service/inbox.html", context)


@login_required
def inbox_counts(request):
    """The boxes with fresh counts (polled every 30 s)."""
    require(access.can_view_tickets(request.user))
    boxes, box = _boxes(selectors.box_counts(request.user)), inbox_filters(request).box
    return render(request, "service/inbox.html#boxes", {"boxes": boxes, "filters": {"box": box}, "get": request.GET})


@login_required
@require_POST
def bulk_assign(request):
    require(access.can_assign_tickets(request.user))
    ids = [pk for pk in map(parse_id, request.POST.getlist("ticket")) if pk]
    assignees = {u.pk: u for u in selectors.assignable_users_for(request.user)}
    assignee = assignees.get(parse_id(request.POST.get("assignee")))
    if not ids or assignee is None:
        messages.error(request, _("Choose tickets and the agent to give them to."))
    else:
        tickets = access.tickets_visible_to(request.user).filter(pk__in=ids)
        moved = services.bulk_assign(actor=request.user, tickets=tickets, assignee=assignee)
        messages.success(request, _("%(count)s tickets assigned to %(name)s.")
                         % {"count": moved, "name": assignee.first_name or assignee.username})
    return redirect(reverse("service:inbox") + "?" + request.POST.get("query", ""))


@login_required
@require_POST
def save_view(request):
    require(access.can_view_tickets(request.user))
    query = request.POST.get("query", "")
    try:
        services.save_view(actor=request.user, name=request.POST.get("name", ""), query=query)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("View saved."))
    return redirect(reverse("service:inbox") + "?" + query)


@login_required
@require_POST
def delete_view(request, pk):
    services.delete_view(actor=request.user, view=selectors.get_saved_view(request.user, pk))
    messages.success(request, _("View deleted."))
    return redirect("service:inbox")
