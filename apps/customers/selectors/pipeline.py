"""Reads of the sales process: activity timelines, visit weeks, the board, the funnel, leads and "my day"."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from apps.org.access import employees_visible_to
from apps.org.choices import EmployeeStatus
from core import rules

from .. import pipeline_workflow as workflow
from ..access import (
    activities_visible_to,
    customers_visible_to,
    leads_visible_to,
    opportunities_visible_to,
    visit_plans_visible_to,
)
from ..choices import LeadStatus, OpportunityStage
from ..models import Activity, Customer, Lead, Opportunity, VisitPlan

S = OpportunityStage
# How far along the deal flow each stage is; "reached" a stage means reaching it or any later one.
STAGE_RANK = {S.APPROACH: 0, S.LEARN: 1, S.PRESENT: 2, S.CLOSE: 3, S.WON: 4}
CLOSED_ON_BOARD = 20
OPEN_LEADS = "open"


def _one(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def assignable_users_for(user) -> QuerySet:
    """Whom the user may make owner of a deal, visit or lead: themselves, or staff in scope with hand-over rights."""
    users = get_user_model().objects.filter(is_active=True)
    if not user.has_perm("customers.reassign_customer"):
        return users.filter(pk=user.pk)
    staff = employees_visible_to(user).exclude(status=EmployeeStatus.LEFT).values("user_id")
    return users.filter(Q(pk=user.pk) | Q(pk__in=staff)).order_by("first_name", "username")


def customer_choices_for(user) -> QuerySet[Customer]:
    return customers_visible_to(user).only("id", "name").order_by("name_pinyin", "id")


# -- activities ----------------------------------------------------------------------------------------------


def list_activities_for(user, *, customer: Customer | None = None, kind: str = "", owner=None,
                        search: str = "") -> QuerySet[Activity]:
    qs = activities_visible_to(user).select_related("customer", "owner", "contact", "opportunity")
    if customer is not None:
        qs = qs.filter(customer=customer)
    if kind:
        qs = qs.filter(kind=kind)
    if owner:
        qs = qs.filter(owner=owner)
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(outcome__icontains=search) | Q(next_step__icontains=search))
    return qs.prefetch_related("participants")


def get_activity_for(user, pk) -> Activity:
    return _one(list_activities_for(user), pk)


# -- visit plans ---------------------------------------------------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def list_visit_plans_for(user, *, owner=None, start: datetime.date | None = None,
                         end: datetime.date | None = None) -> QuerySet[VisitPlan]:
    qs = visit_plans_visible_to(user).select_related("customer", "owner", "activity")
    if owner:
        qs = qs.filter(owner=owner)
    if start:
        qs = qs.filter(planned_on__gte=start)
    if end:
        qs = qs.filter(planned_on__lte=end)
    return qs.order_by("planned_on", "id")


def get_visit_plan_for(user, pk) -> VisitPlan:
    return _one(list_visit_plans_for(user), pk)


def visit_week_for(user, *, owner, monday: datetime.date) -> list[dict]:
    """Monday to Sunday, each day with the owner's planned visits (done ones carry their visit record)."""
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    plans = list(list_visit_plans_for(user, owner=owner, start=days[0], end=days[-1]))
    today = timezone.localdate()
    one = datetime.timedelta(days=1)
    return [{"day": day, "is_today": day == today, "previous_day": day - one, "next_day": day + one,
             "plans": [p for p in plans if p.planned_on == day]} for day in days]


# -- opportunities -------------------------------------------------------------------------------------------


def list_opportunities_for(user, *, search: str = "", stage: str = "", owner=None, region=None, customer=None,
                           close_from: datetime.date | None = None, close_to: datetime.date | None = None,
                           opened_from: datetime.date | None = None,
                           opened_to: datetime.date | None = None) -> QuerySet[Opportunity]:
    """The user's opportunities, filtered; `owner` is a user id, `region` a region id."""
    qs = opportunities_visible_to(user).select_related("customer", "owner")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(customer__name__icontains=search)
                       | Q(products__icontains=search))
    exact = {"stage": stage, "owner": owner, "customer__region": region, "customer": customer,
             "expected_close__gte": close_from, "expected_close__lte": close_to,
             "created_at__date__gte": opened_from, "created_at__date__lte": opened_to}
    return qs.filter(**{k: v for k, v in exact.items() if v not in (None, "")})


def get_opportunity_for(user, pk) -> Opportunity:
    return _one(list_opportunities_for(user), pk)


@dataclass
class Column:
    stage: OpportunityStage
    cards: list = field(default_factory=list)
    count: int = 0
    amount: Decimal = Decimal("0")

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def board_for(user, **filters) -> list[Column]:
    """One column per stage; open stages in board order, won and lost with their latest closes only."""
    qs = list_opportunities_for(user, **filters)
    columns = {stage: Column(stage) for stage in OpportunityStage}
    for row in qs.order_by().values("stage").annotate(n=Count("id"), total=Sum("amount")):
        columns[row["stage"]].count, columns[row["stage"]].amount = row["n"], row["total"] or Decimal("0")
    for card in qs.filter(stage__in=workflow.OPEN_STAGES).order_by("position", "-id"):
        columns[card.stage].cards.append(card)
    for stage in workflow.CLOSED_STAGES:
        columns[stage].cards = list(qs.filter(stage=stage).order_by(F("closed_at").desc(nulls_last=True), "-id")
                                    [:CLOSED_ON_BOARD])
    today = timezone.localdate()
    for column in columns.values():
        for card in column.cards:
            card.next_stages = workflow.stages_after(card.stage)
            card.is_overdue = bool(card.expected_close and card.expected_close < today and workflow.is_open(card.stage))
    return list(columns.values())


@dataclass
class FunnelRow:
    stage: OpportunityStage
    count: int  # in this stage now
    amount: Decimal
    reached: int  # ever reached this stage (or a later one)
    rate: float | None  # percentage of the previous stage's "reached" that got this far


def funnel_for(user, **filters) -> dict:
    """Counts and amounts per stage now, and from the stage history how many deals ever reached each stage."""
    qs = list_opportunities_for(user, **filters).order_by()
    now = {stage: [0, Decimal("0")] for stage in OpportunityStage}
    best: dict[int, int] = {}
    for pk, stage, amount in qs.values_list("pk", "stage", "amount"):
        now[stage][0] += 1
        now[stage][1] += amount
        best[pk] = STAGE_RANK.get(stage, 0)
    past = Opportunity.history.filter(id__in=qs.values("pk")).values_list("id", "stage").distinct()
    for pk, stage in past:
        best[pk] = max(best.get(pk, 0), STAGE_RANK.get(stage, 0))
    rows, previous = [], None
    for stage, rank in STAGE_RANK.items():
        reached = sum(1 for r in best.values() if r >= rank)
        rate = round(100 * reached / previous, 1) if previous else None
        rows.append(FunnelRow(stage, now[stage][0], now[stage][1], reached, rate))
        previous = reached
    won, lost = now[S.WON], now[S.LOST]
    open_count = sum(now[s][0] for s in workflow.OPEN_STAGES)
    return {
        "rows": rows, "lost": FunnelRow(S.LOST, lost[0], lost[1], lost[0], None),
        "total": len(best), "open_count": open_count, "open_amount": sum(now[s][1] for s in workflow.OPEN_STAGES),
        "won_count": won[0], "won_amount": won[1], "lost_count": lost[0],
        "win_rate": round(100 * won[0] / (won[0] + lost[0]), 1) if won[0] + lost[0] else None,
        "chart": {"type": "funnel", "labels": [str(r.stage.label) for r in rows], "values": [r.reached for r in rows]},
    }


# -- leads ---------------------------------------------------------------------------------------------------


def list_leads_for(user, *, search: str = "", status: str = OPEN_LEADS, owner=None,
                   source: str = "") -> QuerySet[Lead]:
    """The user's leads; `status` "open" means new or contacted, "" means every status."""
    qs = leads_visible_to(user).select_related("owner", "customer", "opportunity")
    if status == OPEN_LEADS:
        qs = qs.filter(status__in=[LeadStatus.NEW, LeadStatus.CONTACTED])
    elif status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(company__icontains=search) | Q(phone__contains=search)
                       | Q(interest__icontains=search))
    if owner:
        qs = qs.filter(owner=owner)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-id")


def get_lead_for(user, pk) -> Lead:
    return _one(list_leads_for(user, status=""), pk)


# -- my day --------------------------------------------------------------------------------------------------


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def about_to_be_reclaimed_for(user) -> list[Customer]:
    """The user's customers under a reclaim notice with no follow-up since, each with `reclaim_on`."""
    notice_days = rules.value("customers.pool_notice_days")
    customers = list(
        customers_visible_to(user).filter(owner=user, in_pool=False, reclaim_notice_at__isnull=False)
        .filter(Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=F("reclaim_notice_at")))
        .order_by("reclaim_notice_at")
    )
    for customer in customers:
        customer.reclaim_on = timezone.localtime(customer.reclaim_notice_at).date() + datetime.timedelta(
            days=notice_days)
    return customers


def my_day_for(user, today: datetime.date | None = None) -> dict:
    """What a rep has on today: visits, reminders, what was logged, deals closing this week, overdue steps."""
    today = today or timezone.localdate()
    start, end = _day_bounds(today)
    sunday = monday_of(today) + datetime.timedelta(days=6)
    mine = list_activities_for(user, owner=user)
    return {
        "today": today,
        "visits": list(list_visit_plans_for(user, owner=user, start=today, end=today)),
        "reminders": list(mine.filter(remind_at__gte=start, remind_at__lt=end).order_by("remind_at")),
        "logged": list(mine.filter(occurred_at__gte=start, occurred_at__lt=end).order_by("occurred_at")),
        "closing": list(list_opportunities_for(user, owner=user, close_to=sunday)
                        .filter(stage__in=workflow.OPEN_STAGES).order_by("expected_close", "id")),
        "overdue": list(mine.exclude(next_step="").filter(remind_at__lt=start)
                        .filter(Q(customer__last_activity_at__isnull=True)
                                | Q(customer__last_activity_at__lt=F("remind_at")))
                        .order_by("remind_at")[:50]),
        "reclaim": about_to_be_reclaimed_for(user),
    }


def my_pipeline_for(user) -> dict:
    """The dashboard card: open deals per stage with a small funnel, and what closes this week; a rep's own deals,
    a manager's (who may hand deals over) whole scope."""
    today = timezone.localdate()
    team = user.has_perm("customers.reassign_customer")
    qs = list_opportunities_for(user, owner=None if team else user).order_by()
    per_stage = dict.fromkeys(workflow.OPEN_STAGES, 0)
    amount = Decimal("0")
    for stage, value in qs.filter(stage__in=workflow.OPEN_STAGES).values_list("stage", "amount"):
        per_stage[stage] += 1
        amount += value
    sunday = monday_of(today) + datetime.timedelta(days=6)
    return {
        "team": team, "open_count": sum(per_stage.values()), "open_amount": amount,
        "closing_this_week": qs.filter(stage__in=workflow.OPEN_STAGES, expected_close__lte=sunday).count(),
        "chart": {"type": "funnel", "labels": [str(S(s).label) for s in per_stage],
                  "values": list(per_stage.values())},
        "stages": [(S(s), n) for s, n in per_stage.items()],
    }
