"""The return-visit queue (due today / overdue / upcoming / members) and the visit page with the call script, the
record form, agreed times, the satisfaction link and the follow-up; HTMX swaps the queue's table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.parsing import parse_id

from ..access import can_view_full_phone
from ..services import visits as services
from ..visits import access, selectors
from ..visits.choices import ReturnVisitSource, ReturnVisitStatus
from ..visits.forms import RecordForm, ScheduleForm
from ..visits.workflow import VisitClosed
from .common import apply_errors, countdown_labels, require

BOXES = [
    ("ready", gettext_lazy("To call now"), "phone-outgoing"), ("today", gettext_lazy("Due today"), "calendar-due"),
    ("overdue", gettext_lazy("Overdue"), "alarm"), ("upcoming", gettext_lazy("Upcoming"), "calendar-time"),
    ("members", gettext_lazy("Member visits"), "star"), ("mine", gettext_lazy("Mine"), "user"),
    ("open", gettext_lazy("All open"), "list"), ("done", gettext_lazy("Done"), "archive"),
]
PAGE_SIZE = 50


def queue_filters(request) -> selectors.VisitFilters:
    """The queue filters from the query string; unknown values are ignored."""
    get = request.GET
    exact = {}
    if get.get("status", "") in ReturnVisitStatus.values:
        exact["status"] = get["status"]
    if get.get("source", "") in ReturnVisitSource.values:
        exact["source"] = get["source"]
    if get.get("assignee") == "me":
        exact["assignee_id"] = request.user.pk
    elif get.get("assignee") == "none":
        exact["assignee__isnull"] = True
    box = get.get("box", "ready")
    return selectors.VisitFilters(box=box if box in {b[0] for b in BOXES} else "ready",
                                  search=get.get("q", "").strip()[:100], exact=exact)


def _boxes(user, now) -> list[tuple]:
    counts = selectors.box_counts(user, now)
    return [(key, label, icon, counts.get(key)) for key, label, icon in BOXES]


@login_required
def visit_queue(request):
    require(access.can_view_visits(request.user))
    now, filters = timezone.now(), queue_filters(request)
    page = Paginator(selectors.list_visits_for(request.user, filters, now), PAGE_SIZE).get_page(
        request.GET.get("page"))
    context = {
        "page": page, "filters": filters, "get": request.GET, "boxes": _boxes(request.user, now), "now": now,
        "statuses": ReturnVisitStatus.choices, "sources": ReturnVisitSource.choices,
        "coverage": selectors.member_coverage(now), "countdown_labels": countdown_labels(),
        "can_steps": access.can_view_steps(request.user),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/visits/queue.html#table", context)
    return render(request, "service/visits/queue.html", context)


def _actions(user, visit) -> dict:
    return {"record": access.can_record(user, visit), "take": access.can_take(user, visit),
            "cancel": access.can_cancel(user, visit), "link": access.can_record(user, visit),
            "assign": access.can_assign(user, visit)}


def _context(request, visit, **extra) -> dict:
    user, now = request.user, timezone.now()
    finding = selectors.finding_of(visit)
    quiet_until = selectors.quiet_until(now) if visit.is_open and not visit.agreed_time else None
    return {
        "visit": visit, "can": _actions(user, visit), "attempts": selectors.attempts_of(visit),
        "script": selectors.script_for(visit, visit.assignee or user), "finding": finding,
        "steps": selectors.steps_of(finding) if finding else [], "full_phone": can_view_full_phone(user),
        "record_form": extra.pop("record_form", None) or RecordForm(prefix="rec"),
        "schedule_form": extra.pop("schedule_form", None) or ScheduleForm(prefix="sch"),
        "link": extra.pop("link", None), "countdown_labels": countdown_labels(), "now": now,
        "quiet_until": quiet_until, "customer_in_scope": selectors.customer_in_scope(user, visit),
        "agents": selectors.assignable_agents() if access.can_assign(user, visit) else [], **extra,
    }


@login_required
def visit_detail(request, pk):
    require(access.can_view_visits(request.user))
    visit = selectors.get_visit_for(request.user, pk)
    return render(request, "service/visits/detail.html", _context(request, visit))


def _closed(request, exc: VisitClosed, pk):
    messages.error(request, " ".join(exc.messages))
    return redirect("service:visit", pk=pk)


@login_required
@require_POST
def visit_record(request, pk):
    """Record a call: not reached plans the retry; satisfied closes the ticket, unsatisfied reopens it."""
    require(access.can_view_visits(request.user))
    visit = selectors.get_visit_for(request.user, pk)
    if not visit.is_open:
        return _closed(request, VisitClosed.of(visit), pk)
    require(access.can_record(request.user, visit))
    form = RecordForm(request.POST, prefix="rec")
    if form.is_valid():
        try:
            visit = services.record_return_visit(actor=request.user, visit=visit, **form.outcome())
        except VisitClosed as exc:
            return _closed(request, exc, pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _outcome_message(visit))
            return redirect("service:visit", pk=pk)
    return render(request, "service/visits/detail.html", _context(request, visit, record_form=form), status=400)


def _outcome_message(visit) -> str:
    ticket = visit.ticket
    if visit.status == ReturnVisitStatus.NOT_REACHED:
        return _("Not reached: the next call is planned for %(at)s.") % {
            "at": timezone.localtime(visit.scheduled_at).strftime("%Y-%m-%d %H:%M")}
    if visit.status == ReturnVisitStatus.UNREACHABLE:
        return _("Not reached again: the visit is closed as unreachable.")
    if ticket is not None:
        ticket.refresh_from_db(fields=["status"])
        return _("Visit recorded. Ticket %(number)s is now %(status)s.") % {
            "number": ticket.number, "status": ticket.get_status_display()}
    return _("Visit recorded.")


@login_required
@require_POST
def visit_action(request, pk, action):
    """Take the visit, plan the next call (or an agreed time), cancel it, or make and send the customer's link."""
    require(access.can_view_visits(request.user))
    visit = selectors.get_visit_for(request.user, pk)
    handlers = {"take": _take, "assign": _assign, "schedule": _schedule, "cancel": _cancel, "link": _link}
    if action not in handlers:
        raise PermissionDenied
    try:
        return handlers[action](request, visit)
    except VisitClosed as exc:
        return _closed(request, exc, pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("service:visit", pk=pk)


def _take(request, visit):
    require(access.can_take(request.user, visit))
    services.assign_return_visit(actor=request.user, visit=visit, assignee=request.user)
    messages.success(request, _("The visit is yours."))
    return redirect("service:visit", pk=visit.pk)


def _assign(request, visit):
    require(access.can_assign(request.user, visit))
    agents = {agent.pk: agent for agent in selectors.assignable_agents()}
    services.assign_return_visit(actor=request.user, visit=visit,
                                 assignee=agents.get(parse_id(request.POST.get("assignee"))))
    messages.success(request, _("Done."))
    return redirect("service:visit", pk=visit.pk)


def _schedule(request, visit):
    require(access.can_record(request.user, visit))
    form = ScheduleForm(request.POST, prefix="sch")
    if not form.is_valid():
        return render(request, "service/visits/detail.html", _context(request, visit, schedule_form=form),
                      status=400)
    try:
        visit = services.schedule_return_visit(actor=request.user, visit=visit, **form.cleaned_data)
    except VisitClosed:
        raise
    except ValidationError as exc:
        apply_errors(form, exc)
        return render(request, "service/visits/detail.html", _context(request, visit, schedule_form=form),
                      status=400)
    messages.success(request, _("The next call is planned for %(at)s.") % {
        "at": timezone.localtime(visit.scheduled_at).strftime("%Y-%m-%d %H:%M")})
    return redirect("service:visit", pk=visit.pk)


def _cancel(request, visit):
    require(access.can_cancel(request.user, visit))
    services.cancel_return_visit(actor=request.user, visit=visit, reason=request.POST.get("reason", ""))
    messages.success(request, _("The visit is cancelled."))
    return redirect("service:visit", pk=visit.pk)


def _link(request, visit):
    """A fresh satisfaction link on the page to copy (and, with `send`, mailed to the customer)."""
    require(access.can_record(request.user, visit))
    token = services.issue_link(actor=request.user, visit=visit)
    url = request.build_absolute_uri(reverse("service:survey", args=[token]))
    if request.POST.get("send"):
        if services.send_link(actor=request.user, visit=visit, url=url):
            messages.success(request, _("The link was mailed to %(email)s.") % {"email": visit.email})
        else:
            messages.error(request, _("The customer has no email address: copy the link and send it by SMS or "
                                      "WeChat."))
    visit = selectors.get_visit_for(request.user, visit.pk)
    if request.htmx:
        return render(request, "service/visits/detail.html#link", _context(request, visit, link=url))
    return render(request, "service/visits/detail.html", _context(request, visit, link=url))
