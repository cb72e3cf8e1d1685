"""Reads of return visits and follow-up steps for the queues, the visit page, the ticket page and the API; every
read starts from the scope functions in `access`."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.customers.selectors import service as customer_selectors
from apps.org import selectors as org_selectors
from core.rules import value as rule_value

from ..access import unit_path
from ..models import FindingStep, ReturnVisit, SatisfactionFinding
from . import rules
from .access import VISIT_ROLE, finding_steps_visible_to, return_visits_visible_to
from .choices import (
    CLOSED_VISIT_STATUSES,
    OPEN_VISIT_STATUSES,
    FindingStepStatus,
    ReturnVisitSource,
    ReturnVisitStatus,
)

LIST_RELATED = ["ticket", "customer", "assignee", "team"]
DUE_CHOICES = ("today", "overdue", "upcoming")


def end_of_today(now: dt.datetime) -> dt.datetime:
    """Midnight after `now`, business time."""
    local = timezone.localtime(now)
    return (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def due_filter(due: str, now: dt.datetime) -> Q:
    """Open visits overdue, due later today, or due after today."""
    open_ = Q(status__in=OPEN_VISIT_STATUSES)
    midnight = end_of_today(now)
    return {
        "overdue": open_ & Q(due_at__lt=now),
        "today": open_ & Q(due_at__gte=now, due_at__lt=midnight),
        "upcoming": open_ & Q(due_at__gte=midnight),
    }.get(due, Q())


def box_filters(user, now: dt.datetime) -> dict[str, Q]:
    """The queue's boxes as filters over the user's visits."""
    open_ = Q(status__in=OPEN_VISIT_STATUSES)
    return {
        "ready": open_ & Q(scheduled_at__lte=now),
        "today": due_filter("today", now),
        "overdue": due_filter("overdue", now),
        "upcoming": due_filter("upcoming", now),
        "members": open_ & Q(source=ReturnVisitSource.MEMBER),
        "mine": open_ & Q(assignee_id=user.pk),
        "open": open_,
        "done": Q(status__in=CLOSED_VISIT_STATUSES),
        "all": Q(),
    }


def box_counts(user, now: dt.datetime | None = None) -> dict[str, int]:
    """How many visits each box holds, in one query."""
    boxes = {name: cond for name, cond in box_filters(user, now or timezone.now()).items() if name != "all"}
    return return_visits_visible_to(user).aggregate(**{name: Count("pk", filter=cond) for name, cond in boxes.items()})


@dataclass
class VisitFilters:
    box: str = "ready"
    search: str = ""
    exact: dict = field(default_factory=dict)


def search_filter(text: str) -> Q:
    """Contact or customer name, ticket number, or 4+ digits of the phone."""
    condition = (Q(contact_name__icontains=text) | Q(customer__name__icontains=text)
                 | Q(ticket__number__icontains=text))
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return condition


def list_visits_for(user, filters: VisitFilters | None = None, now: dt.datetime | None = None) -> QuerySet:
    """The user's visits in a box, filtered; open boxes by the time to call, the done box newest first."""
    filters, now = filters or VisitFilters(), now or timezone.now()
    qs = return_visits_visible_to(user).filter(box_filters(user, now).get(filters.box, Q()))
    qs = qs.filter(**{name: value for name, value in filters.exact.items() if value not in ("", None)})
    if filters.search:
        qs = qs.filter(search_filter(filters.search))
    order = [F("completed_at").desc(nulls_last=True), "-id"] if filters.box in ("done", "all") else [
        "scheduled_at", "due_at", "id"]
    return qs.select_related(*LIST_RELATED).order_by(*order)


def get_visit_for(user, pk) -> ReturnVisit:
    """One visit of the user's scope, or 404 (the same answer for "forbidden" and "missing")."""
    try:
        return return_visits_visible_to(user).select_related(
            *LIST_RELATED, "ticket__team", "ticket__assignee", "completed_by", "follow_up_of",
            "follow_up_of__finding").get(pk=pk)
    except (ReturnVisit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def customer_in_scope(user, visit: ReturnVisit) -> bool:
    return customer_selectors.customer_in_scope(user, visit.customer_id)


def attempts_of(visit: ReturnVisit) -> list:
    return list(visit.attempts.select_related("by"))


def finding_of(visit: ReturnVisit) -> SatisfactionFinding | None:
    """The follow-up a visit started, or None."""
    return SatisfactionFinding.objects.select_related("department").filter(visit=visit).first()


def steps_of(finding) -> list:
    return list(finding.steps.select_related("assignee", "department", "done_by").order_by("created_at", "id"))


def visits_of_ticket(user, ticket) -> list[ReturnVisit]:
    """A ticket's visits the user sees, newest first (shown on the ticket page)."""
    return list(return_visits_visible_to(user).filter(ticket_id=ticket.pk).select_related("assignee")
                .order_by("-created_at", "-id"))


@dataclass(frozen=True)
class Coverage:
    """How many member customers have had (or have planned) a visit in the current interval."""

    members: int
    covered: int
    interval_days: int

    @property
    def percent(self) -> float:
        return rules.coverage_percent(self.covered, self.members)


def member_coverage(now: dt.datetime | None = None) -> Coverage:
    """The member coverage (a count, not a list: shown to anyone working visits)."""
    now = now or timezone.now()
    interval = int(rule_value("service.member_visit_interval_days", timezone.localdate(now)))
    members = customer_selectors.member_customers().order_by().values("pk")
    recent = ReturnVisit.objects.filter(source=ReturnVisitSource.MEMBER, customer_id__in=members).exclude(
        status=ReturnVisitStatus.CANCELLED).filter(
        Q(created_at__gte=now - dt.timedelta(days=interval)) | Q(status__in=OPEN_VISIT_STATUSES))
    return Coverage(members=members.count(), covered=recent.values("customer_id").distinct().count(),
                    interval_days=interval)


def script_for(visit: ReturnVisit, agent) -> str:
    """The call script with the customer's, the agent's and the ticket's names filled in."""
    key = "service.member_visit_script" if visit.source == ReturnVisitSource.MEMBER else "service.return_visit_script"
    text = str(rule_value(key))
    ticket = visit.ticket
    values = {"{customer}": visit.contact_name or (visit.customer.name if visit.customer else ""),
              "{agent}": (agent.first_name or agent.username) if agent else "",
              "{subject}": ticket.subject if ticket else "", "{ticket}": ticket.number if ticket else ""}
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def assignable_agents() -> list:
    """Whom a lead may give a visit to: the active return-visit agents."""
    return list(org_selectors.users_with_role(VISIT_ROLE).order_by("first_name", "pk"))


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """When the customers' rest time now in force ends (None outside it): agents are warned before they call."""
    windows = rules.parse_quiet_hours(rule_value("service.visit_quiet_hours", timezone.localdate(now)))
    tz = timezone.get_default_timezone()
    return rules.out_of_quiet_hours(now, windows, tz) if rules.in_quiet_hours(now, windows, tz) else None


# -- follow-up steps -----------------------------------------------------------------------------------------------

STEP_RELATED = ["finding", "finding__visit", "finding__ticket", "finding__customer", "department", "assignee",
                "done_by"]


def step_box_filters(user, path: str, now: dt.datetime) -> dict[str, Q]:
    open_ = Q(status=FindingStepStatus.OPEN)
    return {
        "mine": open_ & Q(assignee_id=user.pk),
        "department": open_ & (Q(department__path__startswith=path) if path else Q(pk__in=[])),
        "overdue": open_ & Q(due_at__lt=now),
        "open": open_,
        "done": Q(status=FindingStepStatus.DONE),
    }


def list_steps_for(user, box: str = "open", now: dt.datetime | None = None) -> QuerySet[FindingStep]:
    now = now or timezone.now()
    qs = finding_steps_visible_to(user).filter(step_box_filters(user, unit_path(user), now).get(box, Q()))
    order = ["-done_at", "-id"] if box == "done" else ["due_at", "id"]
    return qs.select_related(*STEP_RELATED).order_by(*order)


def step_counts(user, now: dt.datetime | None = None) -> dict[str, int]:
    boxes = step_box_filters(user, unit_path(user), now or timezone.now())
    return finding_steps_visible_to(user).aggregate(**{name: Count("pk", filter=cond) for name, cond in boxes.items()})


def get_step_for(user, pk) -> FindingStep:
    try:
        return finding_steps_visible_to(user).select_related(*STEP_RELATED).get(pk=pk)
    except (FindingStep.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
