"""The return-visit part of the demo company, run after the tickets (from `apps.service.seed.seed_demo`): the
visits that resolving planned, put on the tickets' (back-dated) timeline, and worked through the services into
every state — done satisfied or not (reopened tickets, follow-ups at each step), reached with an agreed time, not
reached, unreachable, answered on the link, cancelled — plus the periodic visits of every member customer."""

import datetime as dt
import random

from django.utils import timezone

from apps.org import selectors as org_selectors

from ..choices import TicketStatus
from ..models import ReturnVisit, ReturnVisitAttempt
from ..services import sla as sla_service
from ..services import visits as services
from ..services.visits import common
from .choices import OPEN_VISIT_STATUSES, AnswerChannel, ReturnVisitSource

PRAISE = ["工程师上门很及时，问题已解决", "服务态度很好，很满意", "处理速度快，谢谢", "设备已恢复正常，满意"]
COMPLAINTS = ["工程师没有按约定时间上门", "问题只解决了一半，还是偶尔卡纸", "配件等了一周才到", "客服回电太慢"]
SUGGESTIONS = ["希望提供操作视频教程", "建议增加微信报修入口", "希望保养提醒提前一周通知"]


def _open_ticket_visits():
    return list(ReturnVisit.objects.filter(source=ReturnVisitSource.TICKET, status__in=OPEN_VISIT_STATUSES)
                .select_related("ticket", "assignee").order_by("pk"))


def _align_with_tickets() -> None:
    """The seed back-dated resolutions after the visits were planned: plan them from the real resolution."""
    engines = sla_service.Engines()
    for visit in _open_ticket_visits():
        ticket = visit.ticket
        ReturnVisit.objects.filter(pk=visit.pk).update(
            due_at=sla_service.return_visit_due(ticket, engines=engines) or visit.due_at,
            created_at=ticket.resolved_at, scheduled_at=common.first_call_at(ticket.resolved_at))


def _backdate(visit: ReturnVisit, when: dt.datetime) -> None:
    ReturnVisit.objects.filter(pk=visit.pk).update(completed_at=when)
    ReturnVisitAttempt.objects.filter(visit=visit).update(at=when)


def _satisfied(visit, rng, *, suggestion: bool = False, via: str = AnswerChannel.PHONE):
    actor = visit.assignee if via == AnswerChannel.PHONE else None
    return services.record_return_visit(
        actor=actor, visit=ReturnVisit.objects.get(pk=visit.pk), reached=True, satisfied=True,
        score=rng.choice([4, 5, 5]), comment=rng.choice(PRAISE), suggestions=rng.choice(SUGGESTIONS) if suggestion
        else "", via=via)


def _unsatisfied(visit, rng):
    return services.record_return_visit(actor=visit.assignee, visit=ReturnVisit.objects.get(pk=visit.pk),
                                        reached=True, satisfied=False, score=rng.choice([1, 2, 3]),
                                        comment=rng.choice(COMPLAINTS))


def _not_reached(visit, times: int = 1):
    for _attempt in range(times):
        visit = services.record_return_visit(actor=visit.assignee, visit=ReturnVisit.objects.get(pk=visit.pk),
                                             reached=False, comment="无人接听")
    return visit


def _follow_up(visit, steps: int, fallback_department) -> None:
    """Take a finding `steps` steps down its chain (1: forwarded; 2: measures recorded, revisit planned)."""
    finding = visit.finding
    forward = finding.steps.get()
    department = finding.department or fallback_department
    services.complete_step(actor=forward.assignee or visit.assignee, step=forward, note="已转责任部门",
                           department=department)
    if steps >= 2:
        measures = finding.steps.get(kind="measures")
        services.complete_step(actor=measures.assignee or visit.assignee, step=measures,
                               note="已安排专人复查并更换整批配件，加强工程师守时考核")


def _work_ticket_visits(rng, fallback_department) -> None:
    by_status: dict[str, list] = {}
    for visit in _open_ticket_visits():
        by_status.setdefault(visit.ticket.status, []).append(visit)
    for visit in by_status.get(TicketStatus.CLOSED, []):  # the seed closed these after a satisfied call
        done = _satisfied(visit, rng, suggestion=rng.random() < 0.1)
        _backdate(done, visit.ticket.closed_at)
    in_visit = by_status.get(TicketStatus.RETURN_VISIT, [])
    for index, visit in enumerate(in_visit):
        if index % 3 == 2:
            call_at = common.calendar().add_working_days(timezone.now(), 1)
            services.schedule_return_visit(actor=visit.assignee, visit=visit, call_at=call_at, agreed=True,
                                           note="客户开会中，约明天同一时间回电")
        else:
            _not_reached(visit)
    resolved = by_status.get(TicketStatus.RESOLVED, [])
    plan = [("unsatisfied", 0), ("unsatisfied", 1), ("unsatisfied", 2), ("unsatisfied", 0), ("unreachable", 0),
            ("link", 0), ("cancel", 0), ("satisfied", 0)]
    for visit, (what, steps) in zip(resolved, plan, strict=False):
        if what == "unsatisfied":
            done = _unsatisfied(visit, rng)
            if steps:
                _follow_up(done, steps, fallback_department)
        elif what == "unreachable":
            _not_reached(visit, int(common.number("service.visit_max_attempts", timezone.now())))
        elif what == "link":
            services.issue_link(actor=visit.assignee, visit=visit)
            _satisfied(visit, rng, via=AnswerChannel.LINK)
        elif what == "cancel":
            services.cancel_return_visit(actor=visit.assignee, visit=visit, reason="客户表示问题已自行解决，不必回访")
        else:
            _satisfied(visit, rng, suggestion=True)


def _work_member_visits(rng) -> None:
    services.plan_member_visits()
    members = list(ReturnVisit.objects.filter(source=ReturnVisitSource.MEMBER).select_related("assignee")
                   .order_by("pk"))
    for index, visit in enumerate(members):
        share = index % 10
        if share < 4:
            done = _satisfied(visit, rng, suggestion=index % 20 == 0)
            _backdate(done, timezone.now() - dt.timedelta(days=rng.randint(1, 20)))
        elif share == 4:
            _not_reached(visit)


def seed_visits(context: dict) -> None:
    """Return visits in every state, made through the services (deterministic: a fixed random seed)."""
    rng = random.Random(2027)
    manager = context["people"]["cs_manager"].user
    aftersales = org_selectors.list_org_units_for(manager).filter(code="aftersales").first()
    _align_with_tickets()
    _work_ticket_visits(rng, aftersales)
    _work_member_visits(rng)
