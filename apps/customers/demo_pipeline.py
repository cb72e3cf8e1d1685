"""The demo sales process: a month of activities of every kind, this week's visit plans, about 60 opportunities in
every stage with their stage history, and about 20 leads in every status.

Deterministic (seeded random) and made through the services; only timestamps are then moved into the past, so the
month looks lived-in.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from . import services
from .choices import ActivityKind, CustomerSource, LeadStatus, OpportunityStage
from .models import Activity, Customer, Lead, Opportunity, VisitPlan

SEED = 20260315
DAYS = 30
S = OpportunityStage
# How many demo opportunities end in each stage.
STAGE_COUNTS = {S.APPROACH: 10, S.LEARN: 9, S.PRESENT: 9, S.CLOSE: 7, S.WON: 12, S.LOST: 9}
OPEN = [S.APPROACH, S.LEARN, S.PRESENT, S.CLOSE]
PRODUCTS = ["UV平板打印机", "数码印花机", "大幅面写真机", "激光雕刻机", "六色墨水套装", "工业喷头", "覆膜机", "切纸机",
            "热转印机", "标签印刷机"]
LOST_REASONS = ["价格高于竞品", "客户预算取消", "选择了竞争对手", "交期不满足要求", "项目延期到明年", "决策人变动"]
SUBJECTS = {
    ActivityKind.VISIT: ["上门拜访,了解设备使用情况", "拜访老板,介绍新品", "陪同技术人员现场演示", "回访售后满意度"],
    ActivityKind.CALL: ["电话跟进报价", "电话确认需求", "电话预约拜访时间", "电话沟通付款方式"],
    ActivityKind.MEETING: ["公司会议室方案讲解", "展会洽谈", "与采购部商务谈判"],
    ActivityKind.EMAIL: ["发送产品资料和报价单", "发送合同草稿", "邮件确认技术参数"],
    ActivityKind.NOTE: ["客户反馈竞品报价更低", "客户下月扩产,需求增加", "老板出差,两周后再联系"],
}
OUTCOMES = ["客户有意向,需内部讨论", "对价格敏感,要求优惠", "需要样品测试", "已确认需求,等待预算审批", "客户满意"]
NEXT_STEPS = ["寄送样品", "发送正式报价", "安排技术演示", "跟进合同签订", "再次电话确认", ""]
VISIT_PURPOSES = ["新品介绍", "回访", "收集需求", "商务谈判", "送样品"]
LEAD_PEOPLE = [("王海", "苏州鑫彩包装有限公司", CustomerSource.TRADE_FAIR, "320000", "320500"),
               ("刘洋", "", CustomerSource.WEBSITE, "110000", "110100"),
               ("陈静", "杭州印象图文有限公司", CustomerSource.INTERNET, "330000", "330100"),
               ("张伟", "东莞恒美标签厂", CustomerSource.TRADE_FAIR, "440000", "441900"),
               ("李娜", "深圳优印数码科技有限公司", CustomerSource.WECHAT, "440000", "440300"),
               ("赵磊", "天津华北印务有限公司", CustomerSource.REFERRAL, "120000", "120100"),
               ("孙丽", "", CustomerSource.WEBSITE, "310000", "310100"),
               ("周强", "广州雅图广告有限公司", CustomerSource.INTERNET, "440000", "440100"),
               ("吴敏", "南京金陵票据印刷厂", CustomerSource.TRADE_FAIR, "320000", "320100"),
               ("郑涛", "石家庄新世纪彩印有限公司", CustomerSource.TELEMARKETING, "130000", "130100")]
LEAD_STATUSES = [LeadStatus.NEW] * 6 + [LeadStatus.CONTACTED] * 5 + [LeadStatus.CONVERTED] * 5 + [
    LeadStatus.DISQUALIFIED] * 4
DISQUALIFY_REASONS = ["只是同行询价", "电话空号", "需求不在产品范围", "个人学生咨询"]


def _moment(rng: random.Random, now: datetime.datetime, days_ago: float) -> datetime.datetime:
    """A working-hours moment `days_ago` days back (09:00–18:00 local)."""
    day = timezone.localtime(now - datetime.timedelta(days=days_ago))
    return day.replace(hour=rng.randrange(9, 18), minute=rng.choice([0, 10, 15, 20, 30, 40, 45, 50]), second=0,
                       microsecond=0)


def _seed_activities(rng: random.Random, customers: list, now: datetime.datetime) -> None:
    kinds = list(SUBJECTS)
    for customer in customers:
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            kind = rng.choice(kinds)
            occurred_at = _moment(rng, now, rng.uniform(0.2, DAYS))
            next_step = rng.choice(NEXT_STEPS)
            remind_at = occurred_at + datetime.timedelta(days=rng.randrange(1, 10)) if next_step else None
            services.log_activity(actor=customer.owner, customer=customer, kind=kind,
                                  subject=rng.choice(SUBJECTS[kind]), occurred_at=occurred_at,
                                  outcome=rng.choice(OUTCOMES), next_step=next_step, remind_at=remind_at)
    # Reminders already past were "sent" when they fell due; the worker only takes the ones still ahead.
    Activity.objects.filter(remind_at__lt=now, reminded_at__isnull=True).update(reminded_at=now)


def _seed_visits(rng: random.Random, customers: list, now: datetime.datetime) -> None:
    """This week's visit plans for every demo rep; the visits of past days mostly made."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    by_owner: dict = {}
    for customer in customers:
        by_owner.setdefault(customer.owner, []).append(customer)
    for owner, own in by_owner.items():
        picks = rng.sample(own, min(len(own), rng.randrange(5, 10)))
        for customer in picks:
            day = monday + datetime.timedelta(days=rng.randrange(0, 5))
            if VisitPlan.objects.filter(owner=owner, customer=customer, planned_on=day).exists():
                continue
            plan = services.plan_visit(actor=owner, customer=customer, planned_on=day,
                                       purpose=rng.choice(VISIT_PURPOSES))
            if day < today and rng.random() < 0.75:
                visited = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randrange(9, 17))))
                services.log_activity(actor=owner, customer=customer, kind=ActivityKind.VISIT,
                                      subject=plan.purpose, occurred_at=visited, outcome=rng.choice(OUTCOMES),
                                      visit_plan=plan)


def _path_to(rng: random.Random, target: S) -> list[S]:
    """The stages a demo deal walks through to end at `target` (sometimes skipping one, or stepping back)."""
    if target in OPEN:
        path = OPEN[1:OPEN.index(target) + 1]
    elif target == S.WON:
        path = [*OPEN[1:], S.WON]
    else:
        path = [*OPEN[1:rng.randrange(1, 5)], S.LOST]
    if len(path) > 2 and rng.random() < 0.2:
        path.pop(0)
    if target == S.PRESENT and rng.random() < 0.3:
        path = [S.LEARN, S.PRESENT, S.LEARN, S.PRESENT]
    return path


def _backdate(opportunity: Opportunity, opened: datetime.datetime, now: datetime.datetime) -> None:
    """Spread the deal's stage history between the day it opened and now."""
    records = list(Opportunity.history.filter(id=opportunity.pk).order_by("history_date", "history_id"))
    step = (now - opened) / max(len(records), 1)
    for index, record in enumerate(records):
        Opportunity.history.filter(history_id=record.history_id).update(history_date=opened + step * index)
    last = opened + step * (len(records) - 1)
    closed = last if opportunity.stage in (S.WON, S.LOST) else None
    Opportunity.objects.filter(pk=opportunity.pk).update(created_at=opened, stage_changed_at=last, closed_at=closed)
    if opportunity.stage == S.WON:
        Customer.objects.filter(pk=opportunity.customer_id).update(last_deal_at=last)


def _seed_opportunities(rng: random.Random, customers: list, now: datetime.datetime) -> None:
    today = timezone.localdate(now)
    targets = [stage for stage, count in STAGE_COUNTS.items() for _ in range(count)]
    rng.shuffle(targets)
    for target in targets:
        customer = rng.choice(customers)
        product = rng.choice(PRODUCTS)
        opportunity = services.create_opportunity(
            actor=customer.owner, customer=customer, name=f"{customer.name[:12]} · {product}",
            amount=Decimal(rng.randrange(20, 480) * 1000), products=product,
            expected_close=today + datetime.timedelta(days=rng.randrange(-5, 60)), source=customer.source,
        )
        for stage in _path_to(rng, target):
            opportunity = services.move_opportunity(
                actor=customer.owner, opportunity=opportunity, stage=stage,
                lost_reason=rng.choice(LOST_REASONS) if stage == S.LOST else "")
        _backdate(opportunity, now - datetime.timedelta(days=rng.uniform(8, 55)), now)


def _seed_leads(rng: random.Random, people: dict, customers: list) -> None:
    admin = people["sales_admin"].user if "sales_admin" in people else customers[0].owner
    reps = [people[name].user for name in ("sales_rep", "south_rep", "foreign_trade_rep") if name in people]
    for index, status in enumerate(LEAD_STATUSES):
        name, company, source, province, city = LEAD_PEOPLE[index % len(LEAD_PEOPLE)]
        if index >= len(LEAD_PEOPLE):
            name, company = name[0] + "先生", company.replace("有限公司", "实业有限公司") if company else ""
        known = customers[index % len(customers)].phone  # one lead is a customer already in the archive
        phone = known if index == 12 else f"17{rng.randrange(10**9):09d}"
        lead = services.create_lead(actor=admin, name=name, company=company, phone=phone, source=source,
                                    province_code=province, city_code=city, interest=rng.choice(PRODUCTS),
                                    notes="展会名片" if source == CustomerSource.TRADE_FAIR else "")
        if index % 3 and reps:
            lead = services.assign_lead(actor=admin, lead=lead, owner=reps[index % len(reps)])
        if status == LeadStatus.CONTACTED:
            services.mark_lead_contacted(actor=lead.owner, lead=lead)
        elif status == LeadStatus.CONVERTED:
            services.convert_lead(actor=lead.owner, lead=lead, amount=Decimal(rng.randrange(30, 200) * 1000))
        elif status == LeadStatus.DISQUALIFIED:
            services.disqualify_lead(actor=admin, lead=lead, reason=rng.choice(DISQUALIFY_REASONS))
    created = timezone.now()
    for lead in Lead.objects.order_by("id"):
        Lead.objects.filter(pk=lead.pk).update(created_at=created - datetime.timedelta(days=rng.uniform(0, DAYS)))


def seed_pipeline(context: dict) -> None:
    """Activities, visit plans, opportunities and leads over the demo customers of context["customers"]."""
    customers = [c for c in context.get("customers") or [] if c.owner_id and not c.in_pool
                 and c.reclaim_notice_at is None]
    if not customers:
        return
    rng = random.Random(SEED)
    now = timezone.now()
    _seed_activities(rng, customers, now)
    _seed_visits(rng, customers, now)
    _seed_opportunities(rng, customers, now)
    _seed_leads(rng, context.get("people", {}), customers)
