"""Reads of QA evaluations, forms and quality reports; every read starts from quality.access."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from ..access import tickets_visible_to
from ..choices import DONE_STATUSES, QAEvaluationStatus
from ..models import EvaluationItem, EvaluationTemplate, QAEvaluation, QAScore, QualityReport, Ticket
from . import access, rules

LIST_RELATED = ["ticket", "agent", "team", "evaluator", "template"]


def month_bounds(period: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month starting at `period` as aware local datetimes [start, end)."""
    start = timezone.make_aware(dt.datetime.combine(period, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(rules.next_month(period), dt.time.min))
    return start, end


def list_evaluations_for(user, *, period: dt.date | None = None, agent_id: int | None = None, status: str = "",
                         team_id: int | None = None) -> QuerySet[QAEvaluation]:
    """The user's evaluations, newest period first, filtered."""
    qs = access.evaluations_visible_to(user).select_related(*LIST_RELATED)
    if period:
        qs = qs.filter(period=period)
    if agent_id:
        qs = qs.filter(agent_id=agent_id)
    if status in QAEvaluationStatus.values:
        qs = qs.filter(status=status)
    if team_id:
        qs = qs.filter(team_id=team_id)
    return qs.order_by("-period", "status", "-scored_at", "-id")


def get_evaluation_for(user, pk) -> QAEvaluation:
    """One evaluation of the user's scope with its item scores, or 404 (same answer for forbidden and missing)."""
    try:
        return (access.evaluations_visible_to(user).select_related(*LIST_RELATED, "ticket__category",
                                                                      "ticket__customer")
                .prefetch_related(Prefetch("scores", queryset=QAScore.objects.select_related("item"))).get(pk=pk))
    except (QAEvaluation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class PeriodAverage:
    """An agent's scored evaluations in one month and their average score."""

    agent_id: int
    agent_name: str
    period: dt.date
    count: int
    average: Decimal | None


def period_averages_for(user, *, since: dt.date | None = None, agent_id: int | None = None) -> list[PeriodAverage]:
    """Average scores per agent per month over the evaluations the user may see (an agent: only their own)."""
    qs = access.evaluations_visible_to(user).filter(status=QAEvaluationStatus.SCORED)
    if since:
        qs = qs.filter(period__gte=since)
    if agent_id:
        qs = qs.filter(agent_id=agent_id)
    grouped = (qs.values("agent_id", "agent__first_name", "agent__username", "period")
               .annotate(n=Count("pk"), total=Sum("score")).order_by("-period", "agent__first_name", "agent_id"))
    return [PeriodAverage(agent_id=row["agent_id"], agent_name=row["agent__first_name"] or row["agent__username"],
                          period=row["period"], count=row["n"],
                          average=(Decimal(row["total"]) / row["n"]).quantize(rules.CENT) if row["n"] else None)
            for row in grouped]


def agents_in_scope_for(user) -> list[tuple[int, str]]:
    """(id, name) of the agents with evaluations the user sees, for the filter."""
    rows = (access.evaluations_visible_to(user).values_list("agent_id", "agent__first_name", "agent__username")
            .distinct().order_by("agent__first_name", "agent_id"))
    return [(pk, first or username) for pk, first, username in rows]


def sample_candidates(user, period: dt.date, *, team_path: str = "") -> dict[int, list[int]]:
    """Per agent, the ids of their tickets resolved in the month that have no evaluation yet (one query)."""
    start, end = month_bounds(period)
    qs = tickets_visible_to(user).filter(status__in=DONE_STATUSES, resolved_at__gte=start, resolved_at__lt=end,
                                         assignee__isnull=False, qa_evaluation__isnull=True)
    if team_path:
        qs = qs.filter(assignee__employee__org_unit__path__startswith=team_path)
    candidates: dict[int, list[int]] = {}
    for ticket_id, agent_id in qs.values_list("pk", "assignee_id"):
        candidates.setdefault(agent_id, []).append(ticket_id)
    return candidates


def sampled_counts(period: dt.date) -> dict[int, int]:
    """How many evaluations each agent already has for the month."""
    return dict(QAEvaluation.objects.filter(period=period).values("agent_id").annotate(n=Count("pk"))
                .values_list("agent_id", "n"))


def list_templates_for(user, *, active_only: bool = False) -> QuerySet[EvaluationTemplate]:
    qs = access.templates_visible_to(user).prefetch_related(
        Prefetch("items", queryset=EvaluationItem.objects.order_by("position", "id")))
    return qs.filter(is_active=True) if active_only else qs


def get_template_for(user, pk) -> EvaluationTemplate:
    try:
        return list_templates_for(user).get(pk=pk)
    except (EvaluationTemplate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def active_items(template: EvaluationTemplate) -> list[EvaluationItem]:
    return [item for item in template.items.all() if item.is_active]


def default_template() -> EvaluationTemplate | None:
    """The first active form (for the sample and the API's default)."""
    return EvaluationTemplate.objects.filter(is_active=True).order_by("name", "id").first()


def evaluable_tickets_for(user) -> QuerySet[Ticket]:
    """Resolved tickets of the user's scope with an agent and no evaluation: what may be evaluated directly."""
    return tickets_visible_to(user).filter(status__in=DONE_STATUSES, assignee__isnull=False,
                                           qa_evaluation__isnull=True)


def list_reports_for(user) -> QuerySet[QualityReport]:
    return access.reports_visible_to(user).select_related("generated_by").order_by("-period")


def get_report_for(user, pk) -> QualityReport:
    try:
        return list_reports_for(user).get(pk=pk)
    except (QualityReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def report_for_period(period: dt.date) -> QualityReport | None:
    return QualityReport.objects.filter(period=period).first()
