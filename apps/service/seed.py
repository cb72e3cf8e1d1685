"""The service-desk part of the demo company (domain.md §17): routing rules to the CS groups and a month of
tickets of every kind and state, with conversations, a few major complaints and some breached deadlines.
Deterministic (a fixed random seed) and made through the services."""

import datetime as dt
import random

from django.utils import timezone

from apps.org import selectors as org_selectors

from . import services
from .choices import AssignmentMode, MessageKind, TicketStatus
from .kb_demo import seed_kb
from .models import Ticket, TicketCategory
from .quality.seed import seed_quality
from .visits.seed import seed_visits

SUBJECTS = {
    "inquiry": ["UV平板打印机的最大打印幅面是多少", "数码印刷机墨水价格咨询", "RIP软件是否支持Windows 11",
                "喷头保修期多长", "如何成为区域代理商", "设备安装需要多大场地", "白墨如何日常维护"],
    "complaint": ["新机安装后频繁卡纸", "售后工程师上门迟到三小时", "墨盒漏墨弄脏印品", "配件发货错误",
                  "维修后同一故障再次出现", "服务人员态度生硬", "发票迟迟未开"],
    "suggestion": ["建议增加微信报修入口", "希望提供操作视频教程", "建议延长客服热线时间", "希望RIP软件增加中文字体"],
    "repair": ["喷头堵塞不出墨", "打印时出现横纹", "开机报错E-203", "导轨异响", "UV灯不亮", "控制板无法联网"],
    "service": ["变更开票信息", "申请设备移机", "办理延保服务", "更换联系人电话", "申请培训名额"],
}
CATEGORY_FOR = {"inquiry": "其他", "complaint": "服务态度", "suggestion": "其他", "repair": "喷头与墨路",
                "service": "订单与发票"}
FIVE_CLEARS = {"facts": "已完整记录客户描述并核实购买信息", "reply_to_customer": "已电话告知客户处理结果",
               "cause": "零部件批次质量问题", "handling": "安排工程师上门更换配件", "result": "客户确认设备恢复正常"}
# (name, kind, category, team code, department code, assignment)
RULES = [
    ("设备类投诉", "complaint", "设备/产品", "cs-complaint", "aftersales", AssignmentMode.ROUND_ROBIN),
    ("投诉", "complaint", None, "cs-complaint", "", AssignmentMode.ROUND_ROBIN),
    ("报修", "repair", None, "cs-aftersales", "aftersales", AssignmentMode.LEAST_LOADED),
    ("业务办理", "service", None, "cs-inquiry", "", AssignmentMode.LEAST_LOADED),
    ("咨询", "inquiry", None, "cs-inquiry", "", AssignmentMode.ROUND_ROBIN),
    ("建议", "suggestion", None, "cs-business", "", AssignmentMode.QUEUE),
    ("其他", "", None, "cs-inquiry", "", AssignmentMode.QUEUE),
]
TICKETS = 150


def seed_routing(actor) -> None:
    """The demo's routing rules: complaints to the complaint group, repairs to after-sales, the rest to inquiries."""
    units = {u.code: u for u in org_selectors.list_org_units_for(actor)}
    for position, (name, kind, category, team, department, assignment) in enumerate(RULES, start=1):
        services.save_routing_rule(
            actor=actor, name=name, position=position * 10, kind=kind, team=units[team],
            department=units.get(department), assignment=assignment,
            category=TicketCategory.objects.get(name=category) if category else None)


def _work(ticket: Ticket, target: str, rng: random.Random) -> Ticket:
    """Walk a new ticket through the services to `target`."""
    agent = ticket.assignee or ticket.created_by
    if ticket.assignee is None:
        ticket = services.take_ticket(actor=agent, ticket=ticket)
    services.add_message(actor=agent, ticket=ticket, body="您好，您的问题已登记，我们会尽快处理。")
    if target in (TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS):
        return ticket
    if rng.random() < 0.5:
        services.add_message(actor=agent, ticket=ticket, kind=MessageKind.NOTE, body="已联系相关部门核实情况。")
    if target == TicketStatus.WAITING_CUSTOMER:
        return services.wait_for_customer(actor=agent, ticket=ticket, reason="等待客户提供设备照片")
    if target == TicketStatus.WAITING_DEPARTMENT:
        return services.wait_for_department(actor=agent, ticket=ticket, reason="转售后服务部处理")
    ticket = services.resolve_ticket(actor=agent, ticket=ticket, next_reply_at=timezone.now(), **FIVE_CLEARS)
    if target == TicketStatus.RETURN_VISIT:
        return services.start_return_visit(actor=agent, ticket=ticket)
    if target == TicketStatus.CLOSED:
        return services.close_ticket(actor=agent, ticket=ticket, reason="回访满意")
    return ticket


def _target_for(age_days: float, rng: random.Random) -> str:
    if age_days > 10:
        return rng.choice([TicketStatus.CLOSED] * 6 + [TicketStatus.RETURN_VISIT, TicketStatus.RESOLVED] * 2)
    if age_days > 3:
        return rng.choice([TicketStatus.RESOLVED, TicketStatus.IN_PROGRESS, TicketStatus.WAITING_CUSTOMER,
                           TicketStatus.WAITING_DEPARTMENT, TicketStatus.CLOSED])
    return rng.choice([TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS])


def _backdate(ticket: Ticket, rng: random.Random) -> None:
    """Resolution and first reply at plausible past times (the services stamped them now)."""
    now = timezone.now()
    responded = min(ticket.received_at + dt.timedelta(hours=rng.uniform(0.2, 30)), now)
    changes = {"first_responded_at": responded}
    if ticket.resolved_at is not None:
        resolved = min(responded + dt.timedelta(hours=rng.uniform(1, 40)), now)
        changes.update(resolved_at=resolved, next_reply_at=responded)
        if ticket.closed_at is not None:
            changes["closed_at"] = min(resolved + dt.timedelta(days=rng.uniform(1, 6)), now)
    for field, value in changes.items():
        setattr(ticket, field, value)
    # The services judged breaches against today's clock; the rewritten past is judged afresh.
    ticket.breached_first_response = ticket.breached_resolution = False
    services.apply_sla(ticket)
    ticket.return_visit_due = services.return_visit_due(ticket) if ticket.resolved_at else None
    ticket.save(update_fields=[*changes, "return_visit_due", "sla_policy", "sla_status", "first_response_due",
                               "first_response_warn_at", "resolution_due", "resolution_warn_at",
                               "breached_first_response", "breached_resolution"])


def seed_tickets(context: dict) -> int:
    """A month of tickets from the demo's customers (or unknown callers when there are none)."""
    rng = random.Random(2026)
    people = context["people"]
    callers = [people[name].user for name in ("cs_agent", "cs_group_leader", "cs_supervisor", "sales_admin")]
    customers = list(context.get("customers") or [])
    now = timezone.now()
    categories = {c.name: c for c in TicketCategory.objects.all()}
    kinds = ["inquiry"] * 4 + ["complaint"] * 3 + ["repair"] * 3 + ["service"] * 2 + ["suggestion"]
    for index in range(TICKETS):
        kind = rng.choice(kinds)
        age = rng.triangular(0, 30, 1) if index % 10 else rng.uniform(3, 8)
        received = now - dt.timedelta(days=age, hours=rng.uniform(0, 3))
        customer = rng.choice(customers) if customers and rng.random() < 0.8 else None
        ticket = services.create_ticket(
            actor=rng.choice(callers), kind=kind, subject=rng.choice(SUBJECTS[kind]), received_at=received,
            customer=customer, phone="" if customer else f"+86137{index:08d}", caller_name="" if customer else "王先生",
            priority=rng.choice(["normal"] * 6 + ["high", "low", "urgent"]), category=categories[CATEGORY_FOR[kind]],
            complaint_type=rng.choice(["effective", "communication"]) if kind == "complaint" else "",
            media_threat=kind == "complaint" and index % 17 == 0, churn_risk=kind == "complaint" and index % 11 == 0,
            description="客户来电反映：" + SUBJECTS[kind][index % len(SUBJECTS[kind])],
            product=rng.choice(["UV平板打印机 HC-2513", "数码印刷机 HC-D800", "写真机 HC-1800"]))
        target = _target_for(age, rng)
        _backdate(ticket if target == TicketStatus.NEW else _work(ticket, target, rng), rng)
    return services.refresh_open_tickets()


def seed_demo(context: dict) -> None:
    seed_routing(context["people"]["cs_manager"].user)
    seed_tickets(context)
    seed_kb(context)
    seed_quality(context)
    seed_visits(context)
