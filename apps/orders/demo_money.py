"""Demo plans, statements, rebates and returns (domain.md §3, §4, §6): the sales plans of this month, quarter and
year; the year's earlier shipments (so rebates accrue); last cut-off's statements, one confirmed and one disputed;
returns in every state. Runs after the demo orders, receivables and shipments, through the services.
Deterministic for a given day."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.catalog.models import Category, StockLevel, Warehouse
from apps.org import selectors as org_selectors
from core import rules as rule_data

from . import rules
from .choices import OrderStatus, PlanPeriod, ReturnStatus, StatementStatus
from .models import Order, ReturnRequest, SalesPlan, Statement
from .services import orders as order_services
from .services import plans as plan_services
from .services import rebates as rebate_services
from .services import receivables as ar_services
from .services import returns as return_services
from .services import shipments as shipment_services
from .services import statements as statement_services

M, Q, Y = PlanPeriod.MONTH, PlanPeriod.QUARTER, PlanPeriod.YEAR
SHIPPED = [OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.SIGNED, OrderStatus.RECEIPT_RETURNED]

# Branch monthly plans per market (market plans → branch GM → head office): (unit, market, amount, category code).
BRANCH_MONTH = [("branch-gz", "广州市", "680000", None), ("branch-gz", "佛山市", "320000", None),
                ("branch-gz", "东莞市", "260000", "uv-flatbed"), ("branch-bj", "北京市", "900000", None),
                ("branch-sh", "上海市", "750000", None), ("branch-sz", "深圳市", "540000", "large-format"),
                ("branch-bj", "", "180000", "inks"), ("branch-sh", "", "120000", "inks")]
# (period, unit code, amount) of the units' quarter and year plans
UNIT_PLANS = [(Q, "marketing", "9600000"), (Q, "branch-bj", "2700000"), (Q, "branch-sh", "2250000"),
              (Q, "branch-gz", "3600000"), (Q, "branch-sz", "1600000"), (Y, "marketing", "38000000"),
              (Y, "branch-gz", "14000000")]
# Partner quotas (approved partner plans): (key, period, amount). 鹏达 (sz) has already ordered past its quota.
PARTNER_PLANS = [("alf", M, "400000"), ("hx", M, "250000"), ("hz", M, "500000"), ("sz", M, "150000"),
                 ("sh", M, "120000"), ("alf", Y, "3600000"), ("hz", Y, "6000000")]
# (rep username, period, amount, final status)
REP_PLANS = [("sales_rep", M, "380000", "approved"), ("south_rep", M, "300000", "submitted"),
             ("foreign_trade_rep", M, "260000", "approved"), ("sales_rep", Q, "1100000", "approved"),
             ("south_rep", Q, "950000", "rejected")]
# The year's shipments before the system (paid), so the year-end rebate has a volume: (key, monthly amounts).
HISTORY = [("alf", ["118000", "126500", "131000", "109800", "141200", "127400", "138600", "114300"]),
           ("hz", ["158000", "142600", "171200", "136900", "188400", "149700", "166300", "152800"]),
           ("hx", ["52800", "61600", "48900", "65200", "57100", "59800", "50500", "63600"])]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def seed_money(context: dict) -> dict:
    """The demo plans, statements, rebates and returns; returns counts of what was made."""
    people = {u: _user(u) for u in ("sales_admin", "marketing_director", "branch_gm", "branch_clerk", "hq_clerk",
                                    "finance", "warehouse", "partner_user", "partner_b_user")}
    partners = {k: p for k, p in (context.get("partners") or {}).items() if p.status == "active"}
    if people["sales_admin"] is None:
        return {}
    today = timezone.localdate()
    plans = seed_plans(people, partners, today)
    seed_history(people, partners, today)
    statements = seed_statements(people, partners, today)
    accrued = seed_rebates(people, today)
    returns = seed_returns(people, partners, today)
    return {"plans": plans, "statements": statements, "rebates": accrued, "returns": returns}


# -- plans ----------------------------------------------------------------------------------------------------------


def _plan(people, status: str, *, author: str = "sales_admin", approver: str = "marketing_director",
          note: str = "", **fields) -> SalesPlan:
    plan = plan_services.create_plan(actor=people[author], **fields)
    if status == "draft":
        return plan
    plan = plan_services.submit_plan(actor=people[author], plan=plan)
    if status == "submitted":
        return plan
    if status == "rejected":
        reason = note or "目标偏低,请按去年同期 +15% 调整"
        return plan_services.reject_plan(actor=people[approver], plan=plan, reason=reason)
    return plan_services.approve_plan(actor=people[approver], plan=plan, note=note)


def seed_plans(people, partners: dict, today: datetime.date) -> int:
    """This month's branch market plans (approved by the GM, consolidated to head office), product-line plans,
    quarter and year plans of the units, the reps' and the partners' plans; one waits for the GM, one was sent
    back, one is a draft."""
    codes = {row[0] for row in BRANCH_MONTH} | {row[1] for row in UNIT_PLANS}
    viewer = _user("admin") or people["sales_admin"]
    units = {u.code: u for u in org_selectors.list_org_units_for(viewer).filter(code__in=codes)}
    categories = {c.code: c for c in Category.objects.all()}
    reps = {u.username: u for u in get_user_model().objects.filter(username__in=[r[0] for r in REP_PLANS])}
    made = 0
    for code, market, amount, category in BRANCH_MONTH:
        if code not in units:
            continue
        gz = code == "branch-gz"
        _plan(people, "approved", author="branch_clerk" if gz else "sales_admin",
              approver="branch_gm" if gz else "marketing_director", period_kind=M, period_start=today,
              org_unit=units[code], market=market, amount=Decimal(amount), category=categories.get(category),
              notes="分公司月度市场计划")
        made += 1
    if "branch-gz" in units:
        _plan(people, "draft", author="branch_clerk", period_kind=M, period_start=today, org_unit=units["branch-gz"],
              market="珠海市", amount=Decimal("150000"), notes="待分公司总经理确认后提交")
        made += 1
    if made:
        plan_services.consolidate_month(actor=people["hq_clerk"] or people["sales_admin"], month=today)
    for period, code, amount in UNIT_PLANS:
        if code in units:
            _plan(people, "approved", period_kind=period, period_start=today, org_unit=units[code],
                  amount=Decimal(amount))
            made += 1
    for username, period, amount, status in REP_PLANS:
        if username in reps:
            approver = "branch_gm" if username == "south_rep" else "marketing_director"
            _plan(people, status, approver=approver, period_kind=period, period_start=today, rep=reps[username],
                  amount=Decimal(amount))
            made += 1
    for key, period, amount in PARTNER_PLANS:
        if key in partners:
            _plan(people, "approved", period_kind=period, period_start=today, partner=partners[key],
                  amount=Decimal(amount), notes="渠道销售任务(配额)")
            made += 1
    return made


# -- the year's earlier shipments and last cut-off's statements -----------------------------------------------------


def seed_history(people, partners: dict, today: datetime.date) -> None:
    """Monthly invoices of the months before the system, each paid 20 days later: old enough (4 months and more)
    to be settled before any open item, so the aging and the credit holds of the demo stay as they were."""
    for key, amounts in HISTORY:
        partner = partners.get(key)
        if partner is None:
            continue
        for months_back, amount in zip(range(11, 3, -1), amounts, strict=True):
            on = today - datetime.timedelta(days=30 * months_back)
            ar_services.post_opening_invoice(
                actor=people["finance"], customer=partner.customer, amount=Decimal(amount), on=on,
                due_on=on + datetime.timedelta(days=partner.payment_term_days or 30),
                reference=f"{on:%Y 年 %m 月}发货(系统上线前)")
            ar_services.record_payment(actor=people["finance"], customer=partner.customer, amount=Decimal(amount),
                                       received_on=on + datetime.timedelta(days=20), method="bank_transfer",
                                       reference=f"回款 {key.upper()}-{on:%m}")


def seed_statements(people, partners: dict, today: datetime.date) -> dict:
    """The statements of the last two cut-offs (the 27th) made by the statements service. The month before: all
    confirmed, except 联印's, disputed and resolved by the sales admin. The last one: 艾礼富 confirmed it in the
    portal, 恒信 disputed a shipment on it, the others wait for confirmation."""
    day = rule_data.value("orders.statement_cutoff_day", today)
    cutoff = rules.latest_cutoff(today, day)
    start, end = rules.statement_period(cutoff, day)
    earlier = rules.latest_cutoff(start - datetime.timedelta(days=1), day)
    hx = partners.get("hx")
    if hx is not None:  # a shipment and its payment inside the period, so the disputed statement has lines
        shipped_on = start + datetime.timedelta(days=14)
        ar_services.post_opening_invoice(actor=people["finance"], customer=hx.customer, amount=Decimal("35600.00"),
                                         on=shipped_on, due_on=shipped_on + datetime.timedelta(days=30),
                                         reference="发货单 FH-HX-1012")
        ar_services.record_payment(actor=people["finance"], customer=hx.customer, amount=Decimal("35600.00"),
                                   received_on=end - datetime.timedelta(days=2), method="acceptance_bill",
                                   reference="承兑汇票 HX-1025")
    for each in (earlier, cutoff):
        statement_services.generate_statements(actor=people["finance"], cutoff=each, notify_partners=False)
    _settle_earlier(people, partners, Statement.objects.filter(period_end=earlier, partner__isnull=False))
    made = Statement.objects.filter(period_end=end)
    portal = [("alf", "partner_user", None),
              ("hx", "partner_b_user", "发货单 FH-HX-1012 实收 8 箱,对账单按 10 箱计,差额 ¥7,120.00 请核实。")]
    for key, username, dispute in portal:
        statement = made.filter(customer=partners[key].customer).first() if key in partners else None
        if statement is None or people[username] is None:
            continue
        if dispute:
            statement_services.dispute_statement(actor=people[username], statement=statement, reason=dispute)
        else:
            statement_services.confirm_statement(actor=people[username], statement=statement)
    every = Statement.objects.filter(period_end__in=[earlier, end])
    return {status: every.filter(status=status).count() for status in StatementStatus.values}


def _settle_earlier(people, partners: dict, statements) -> None:
    """The month before is closed: confirmed (by the portal user, or by fax through the sales admin), one dispute
    resolved."""
    users = {partners[k].pk: people[u] for k, u in (("alf", "partner_user"), ("hx", "partner_b_user"))
             if k in partners and people[u] is not None}
    disputed = partners["hz"].pk if "hz" in partners else None
    admin = people["sales_admin"]
    for statement in statements.order_by("customer_id"):
        if statement.partner_id == disputed:
            statement = statement_services.dispute_statement(
                actor=admin, statement=statement, reason="客户来电:一笔 ¥30,000 回款未列入(传真确认单)")
            statement_services.resolve_statement(
                actor=admin, statement=statement,
                resolution="该笔回款在截止日之后到账,列入下期对账单;本期余额无误,已电话告知客户。")
        else:
            statement_services.confirm_statement(actor=users.get(statement.partner_id, admin), statement=statement)


def seed_rebates(people, today: datetime.date) -> int:
    """The month-end accruals of the year so far, then this month to date."""
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    ends = []
    while month_end.year == today.year:
        ends.append(month_end)
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    for through in [*reversed(ends), today]:
        accrued = rebate_services.accrue_rebates(actor=people["finance"], through=through)
    return accrued


# -- returns --------------------------------------------------------------------------------------------------------


def _returnable(order: Order) -> list[dict]:
    """One unit (or a few of a consumable) of the order's first shipped line."""
    line = order.lines.filter(shipped_quantity__gt=0).select_related("product").order_by("position").first()
    if line is None:
        return []
    left = line.shipped_quantity - line.returned_quantity
    half = max(Decimal(1), (left / 2).quantize(Decimal(1)))
    quantity = min(left, Decimal(1) if line.product.is_serial_tracked else half)
    return [{"order_line": line, "quantity": quantity}]


def _findings(request: ReturnRequest, *, damaged: bool = False) -> list[dict]:
    return [{"line": line.pk, "unsold": True, "unsoiled": True, "packaging_intact": not damaged,
             "undamaged": not damaged} for line in request.lines.all()]


def _beyond_quota_order(people, partner, warehouse) -> Order | None:
    """An order of a partner already past its monthly quota, prepaid, shipped and signed five days ago."""
    level = (StockLevel.objects.filter(warehouse=warehouse, product__status="active",
                                       product__is_serial_tracked=False, product__is_spare_part=False,
                                       on_hand__gte=20).select_related("product").order_by("product__sku").first())
    if level is None or level.on_hand - level.reserved < 12:
        return None
    admin = people["sales_admin"]
    order = order_services.create_order(actor=admin, customer=partner.customer, payment_mode="prepayment",
                                        channel="phone", lines=[{"product": level.product, "quantity": Decimal(12)}])
    order = order_services.submit_order(actor=admin, order=order)
    if order.status == OrderStatus.ON_HOLD:
        order_services.approve_order(actor=people["marketing_director"], order=order, reason="超配额备货,总监特批")
    else:
        order_services.approve_order(actor=admin, order=order)
    order.refresh_from_db()
    if order.status == OrderStatus.AWAITING_PAYMENT:
        ar_services.record_payment(actor=people["finance"], customer=partner.customer, amount=order.total_amount,
                                   received_on=timezone.localdate(), method="bank_transfer",
                                   reference=f"BANK-{order.number[-4:]}", order=order)
        order.refresh_from_db()
    if order.status != OrderStatus.READY_TO_SHIP:
        return None
    keeper = people["warehouse"] or admin
    line = order.lines.get()
    shipment = shipment_services.create_shipment(actor=keeper, order=order, warehouse=warehouse, carrier="德邦物流",
                                                 tracking_number=f"DB{order.number[2:].replace('-', '')}",
                                                 lines=[{"order_line": line, "quantity": line.quantity}])
    dispatched = timezone.now() - datetime.timedelta(days=5)
    shipment = shipment_services.dispatch_shipment(actor=keeper, shipment=shipment, dispatched_at=dispatched)
    shipment_services.sign_shipment(actor=keeper, shipment=shipment, signer="邓鹏",
                                    signed_on=timezone.localdate(dispatched) + datetime.timedelta(days=2))
    order.refresh_from_db()
    return order


def seed_returns(people, partners: dict, today: datetime.date) -> dict:
    """A return in every state: requested (恒信), inspected, approved at 80 % (艾礼富, within quota), approved at
    100 % (鹏达, bought beyond its quota), rejected (damaged packaging)."""
    warehouse = Warehouse.objects.filter(code="wh-hq").first()
    admin = people["sales_admin"]
    if warehouse is None:
        return {}
    shipped = list(Order.objects.filter(status__in=SHIPPED).select_related("partner").order_by("number"))
    portal = {partners[k].pk for k in ("alf", "hx") if k in partners}  # the two partners with portal users
    taken: set[int] = set()

    def pick(partner_key=None):
        """A shipped order of that partner, or (no key) of anyone but the portal partners."""
        partner = partners.get(partner_key) if partner_key else None
        if partner_key and partner is None:
            return None
        candidates = [o for o in shipped if (o.partner_id == partner.pk if partner is not None
                                             else o.partner_id not in portal)]
        return next((o for o in candidates if o.pk not in taken and _returnable(o)), None)

    def request(order, actor, reason, description, kind="return"):
        taken.add(order.pk)
        return return_services.request_return(actor=actor or admin, order=order, kind=kind, reason=reason,
                                              lines=_returnable(order), description=description, requested_on=today)

    order = pick("hx")
    if order is not None:
        request(order, people["partner_b_user"] if order.partner_id else admin, "colour",
                "颜色与样品不符,客户拒收,申请换货", kind="exchange")
    order = pick()
    if order is not None:
        made = request(order, admin, "model_unsuitable", "型号不适合当地市场,未拆封")
        return_services.inspect_return(actor=admin, request=made, findings=_findings(made), warehouse=warehouse,
                                       note="外包装完好,未使用")
    order = pick("alf")
    if order is not None:
        made = request(order, people["partner_user"] if order.partner_id else admin, "overstock", "季节性积压,未售出")
        return_services.inspect_return(actor=admin, request=made, findings=_findings(made), warehouse=warehouse,
                                       note="验收合格,配额内按 80% 退款")
        return_services.approve_return(actor=admin, request=made)
    sz = partners.get("sz")
    order = _beyond_quota_order(people, sz, warehouse) if sz is not None else None
    if order is not None:
        made = request(order, admin, "overstock", "超出配额进货,项目取消,原包装未拆")
        return_services.inspect_return(actor=admin, request=made, findings=_findings(made), warehouse=warehouse,
                                       note="验收合格,超配额部分全额退款")
        return_services.approve_return(actor=admin, request=made)
    order = pick()
    if order is not None:
        made = request(order, admin, "quality", "客户称外箱受潮")
        return_services.inspect_return(actor=admin, request=made, findings=_findings(made, damaged=True),
                                       warehouse=warehouse, note="外包装破损,机身有划痕")
        return_services.reject_return(actor=admin, request=made, reason="包装破损且有使用痕迹,不符合退货条件")
    return {status: ReturnRequest.objects.filter(status=status).count() for status in ReturnStatus.values}
