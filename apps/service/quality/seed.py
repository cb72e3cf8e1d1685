"""The quality part of the demo company: last month's repairs (products, models, causes), the departments'
report recipients, a sampled and partly scored QA month, and last month's quality feedback report.
Deterministic (a fixed random seed) and made through the services."""

import datetime as dt
import logging
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from core import pdf
from core import rules as rule_data

from ..models import Ticket, TicketCategory
from ..services import lifecycle, routing, tickets
from ..services import quality as services
from . import rules, selectors

# (product, model, category, cause, how many) received last month
DEFECTS = [
    ("UV平板打印机", "HC-2513", "喷头与墨路", "喷头批次质量问题", 5),
    ("UV平板打印机", "HC-2513", "机械故障", "导轨润滑不足", 2),
    ("数码印刷机", "HC-D800", "电气故障", "电源板电容失效", 3),
    ("数码印刷机", "HC-D800", "耗材质量", "墨水批次粘度偏高", 2),
    ("写真机", "HC-1800", "安装调试", "安装时未校准", 1),
    ("写真机", "HC-1800", "喷头与墨路", "喷头批次质量问题", 2),
]
RECIPIENTS = {"marketing": "marketing@example.com", "production": "production@example.com",
              "quality": "quality@example.com, qc-lead@example.com", "purchasing": "purchasing@example.com",
              "technology": "rd@example.com"}
SCORED = 3
log = logging.getLogger(__name__)


def _last_month_defects(agent, customers: list, rng: random.Random) -> int:
    """Repair requests received and resolved last month, with their products, models and causes."""
    period = rules.previous_month(timezone.localdate())
    days = (rules.next_month(period) - period).days
    categories = {c.name: c for c in TicketCategory.objects.all()}
    made = 0
    for product, model, category, cause, count in DEFECTS:
        for _ in range(count):
            received = timezone.make_aware(dt.datetime.combine(period + dt.timedelta(days=rng.randrange(days - 2)),
                                                               dt.time(rng.randrange(8, 18), rng.randrange(60))))
            customer = rng.choice(customers) if customers else None
            ticket = tickets.create_ticket(
                actor=agent, kind="repair", subject=f"{product} {model} 报修", received_at=received,
                customer=customer, phone="" if customer else f"+86139{made:08d}",
                caller_name="" if customer else "李先生", category=categories.get(category), product=product,
                model_no=model, fault=f"{category}：客户反映设备异常")
            worker = ticket.assignee or agent
            if ticket.assignee is None:
                ticket = routing.take_ticket(actor=worker, ticket=ticket)
            ticket = lifecycle.resolve_ticket(actor=worker, ticket=ticket, cause=cause, handling="上门维修并更换部件",
                                              result="设备恢复正常")
            resolved = received + dt.timedelta(hours=rng.uniform(4, 60))
            Ticket.objects.filter(pk=ticket.pk).update(first_responded_at=received + dt.timedelta(minutes=40),
                                                       resolved_at=resolved)
            made += 1
    return made


def _points(item, rng: random.Random) -> Decimal:
    share = Decimal(str(rng.choice([0.7, 0.8, 0.85, 0.9, 1.0])))
    return (item.max_points * share * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def seed_quality(context: dict) -> None:
    """Last month's defects, the recipients, a sampled QA month with a few scores, and last month's report."""
    rng = random.Random(2611)
    people = context["people"]
    evaluator, supervisor = people["qa_evaluator"].user, people["cs_supervisor"].user
    _last_month_defects(people["cs_agent"].user, list(context.get("customers") or []), rng)
    rule_data.set_value(actor=people["cs_manager"].user, key=services.RECIPIENTS_RULE,
                        new_value=[{"department": d, "emails": e} for d, e in RECIPIENTS.items()],
                        effective_from=rule_data.SEED_DATE, note="demo addresses")
    period = rules.previous_month(timezone.localdate())
    template = selectors.default_template()
    sampled = services.sample_tickets(actor=evaluator, period=period, template=template, size=2,
                                      rng=random.Random(7))
    for evaluation in [e for e in sampled if e.agent_id != evaluator.pk][:SCORED]:
        scores = {item.pk: {"points": _points(item, rng), "comment": ""} for item in selectors.active_items(template)}
        services.score_evaluation(actor=evaluator, evaluation=evaluation, scores=scores,
                                  comment="整体规范，结束语可更完整。")
    if pdf.cjk_font_available():  # the report's PDF needs a Chinese font; without one the demo goes on without it
        services.generate_quality_report(actor=supervisor, period=period)
    else:
        log.warning("No CJK font installed: the demo's quality feedback report was not generated.")
