"""The channels part of the demo company (domain.md §4, §17): a manufacturer's office per region, partners at every
lifecycle stage with territories, applications in every state and two quarters of scorecards.

Partners that predate the system are admitted from their contract date; newer moves go through the real
application and approval services, and the trial job itself ends the lapsed trial.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.customers import services as customer_services
from apps.customers.selectors.channels import partner_company_contacts, partner_company_customer
from apps.org import selectors as org_selectors
from apps.org import services as org_services
from core import rules as rule_data

from . import rules, services
from .choices import OFFICE_UNIT_KIND, PartnerTier
from .models import Partner

T = PartnerTier


@dataclass(frozen=True)
class DemoPartner:
    key: str
    name: str
    owner: str
    place: tuple[str, str]  # province code, city code
    tier: str
    admitted_days_ago: int | None  # None: still an applicant
    territories: tuple[str, ...] = ()
    office: str = ""
    credit: int = 0
    term_days: int = 0
    products: tuple[str, ...] = ("数码印刷机 DP 系列",)
    grade: str = ""
    special: bool = False
    exclusive: bool = False
    parent: str = ""
    unit: str = ""
    contact: tuple[str, str] = ("", "")
    extra: dict = field(default_factory=dict)


PARTNERS = [
    DemoPartner("alf", "北京艾礼富科技有限公司", "sales_rep", ("110000", "110100"), T.DISTRIBUTOR, 700,
                ("110000", "131000"), "beijing", 800000, 60, ("数码印刷机 DP 系列", "UV 平板打印机", "耗材"), "A",
                special=True, exclusive=True, unit="partner-bj-alf", contact=("艾礼富", "总经理")),
    DemoPartner("hx", "广州恒信印务器材有限公司", "south_rep", ("440000", "440100"), T.DISTRIBUTOR, 400,
                ("440100", "440400"), "guangzhou", 300000, 30, ("数码印刷机 DP 系列", "耗材"), "B",
                unit="partner-gz-hx", contact=("恒信", "经理")),
    DemoPartner("tj", "天津华印数码设备有限公司", "sales_rep", ("120000", "120100"), T.TRIAL_DISTRIBUTOR, 175,
                ("120000",), "beijing", 50000, 0, contact=("刘海", "经理")),
    DemoPartner("sjz", "石家庄美彩广告器材有限公司", "sales_rep", ("130000", "130100"), T.TRIAL_DISTRIBUTOR, 60,
                ("130100",), "beijing", 50000, 0, contact=("马丽", "经理")),
    DemoPartner("sh", "上海申彩印刷设备有限公司", "department_manager", ("310000", "310100"), T.DISTRIBUTOR, 500,
                ("310000",), "shanghai", 200000, 30, grade="B", contact=("沈彩", "总经理")),
    DemoPartner("hz", "杭州联印科技有限公司", "department_manager", ("330000", "330100"), T.AGENT, 1000,
                ("330000",), "shanghai", 1000000, 90, ("数码印刷机 DP 系列", "UV 平板打印机", "耗材", "配件"), "A",
                exclusive=True, contact=("钱江", "董事长")),
    DemoPartner("nb", "宁波彩虹图文设备有限公司", "department_manager", ("330000", "330200"), T.DISTRIBUTOR, 300,
                ("330200",), "shanghai", 100000, 30, parent="hz", contact=("陈虹", "经理")),
    DemoPartner("sz", "深圳鹏达系统集成有限公司", "department_manager", ("440000", "440300"), T.INTEGRATOR, 0,
                ("440300",), "shenzhen", 500000, 45, ("数码印刷机 DP 系列", "印前系统"), contact=("邓鹏", "技术总监")),
    DemoPartner("dg", "东莞建科装饰工程有限公司", "south_rep", ("440000", "441900"), T.CONTRACTOR, 200,
                ("441900",), "guangzhou", 200000, 30, ("UV 平板打印机",), contact=("叶建", "项目经理")),
    DemoPartner("cs", "长沙湘印器材有限公司", "south_rep", ("430000", "430100"), T.DISTRIBUTOR, 450,
                ("430000",), "guangzhou", 150000, 30, grade="D", contact=("罗湘", "经理")),
    DemoPartner("nn", "南宁绿城广告材料有限公司", "south_rep", ("450000", "450100"), T.TRIAL_DISTRIBUTOR, 200,
                ("450000",), "guangzhou", 30000, 0, contact=("黄绿", "经理")),
    DemoPartner("ty", "太原晋彩印刷器材有限公司", "sales_rep", ("140000", "140100"), T.DISTRIBUTOR, 600,
                ("140000",), "beijing", 100000, 30, contact=("晋才", "经理")),
    DemoPartner("fs", "佛山顺彩印务有限公司", "south_rep", ("440000", "440600"), T.TRIAL_DISTRIBUTOR, None,
                contact=("何顺", "经理")),
    DemoPartner("su", "苏州金图数码科技有限公司", "department_manager", ("320000", "320500"), T.DISTRIBUTOR, None,
                contact=("金图", "总经理")),
    DemoPartner("zz", "郑州中原广告器材有限公司", "department_manager", ("410000", "410100"), T.AGENT, None,
                contact=("袁中", "经理")),
]

# (partner key, service level, sales, quota, payment punctuality, complaints) per quarter, oldest first.
SCORES = [
    [("alf", 90, 1700000, 2000000, 85, 1), ("hz", 92, 2400000, 2500000, 95, 0), ("cs", 60, 200000, 500000, 50, 3),
     ("sh", 70, 300000, 500000, 80, 2), ("hx", 82, 450000, 600000, 78, 1), ("ty", 66, 260000, 400000, 70, 1)],
    [("alf", 90, 1800000, 2000000, 85, 1), ("hz", 92, 2400000, 2500000, 95, 0), ("cs", 55, 150000, 500000, 40, 4),
     ("hx", 80, 420000, 600000, 75, 1)],
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _offices(admin) -> dict:
    """One manufacturer's office (厂家办事处) per sales region, under that region's branch company."""
    units = org_selectors.list_org_units_for(admin)
    offices = {}
    for order, region in enumerate(org_selectors.list_regions(), start=1):
        branch = units.filter(kind="branch", region=region).first()
        offices[region.code] = units.filter(kind=OFFICE_UNIT_KIND, region=region).first() or \
            org_services.create_org_unit(actor=admin, code=f"office-{region.code}", kind=OFFICE_UNIT_KIND,
                                         name=f"{region.name.removesuffix('大区')}办事处",
                                         name_en=f"{region.name_en.removesuffix(' region')} office",
                                         parent=branch, region=region, sort_order=90 + order)
    return offices


def _customer(spec: DemoPartner, index: int, unit):
    existing = partner_company_customer(unit) if unit is not None else None
    if existing is not None:
        return existing
    owner = _user(spec.owner)
    kind = {T.INTEGRATOR: "integrator", T.CONTRACTOR: "contractor"}.get(spec.tier, "partner")
    name, title = spec.contact
    return customer_services.create_customer(
        actor=owner, owner=owner, name=spec.name, kind=kind, province_code=spec.place[0], city_code=spec.place[1],
        phone=f"+86135770{index:05d}", partner_unit=unit, industry="印刷设备经销", legal_person=name,
        contacts=[{"name": name, "title": title, "phone": f"+86136770{index:05d}"}],
    )


def _criteria(tier: str, *, strong: bool = True) -> dict:
    """Figures that clear (or, weak, miss) the seeded thresholds of `tier`."""
    limits = rule_data.value(f"channels.admission.{tier}")
    factor = Decimal("1.5") if strong else Decimal("0.5")
    return {
        "registered_capital": Decimal(limits.get("min_registered_capital", 100000)) * factor,
        "years_in_trade": int(limits.get("min_years_in_trade", 1) * (2 if strong else 0)),
        "annual_sales_capacity": Decimal(limits.get("min_annual_sales_capacity", 100000)) * factor,
        "cash_flow": Decimal(limits.get("min_cash_flow", 100000)) * factor,
        "team_details": "销售 8 人,技术 3 人,售后 2 人" if strong else "",
        "capability": "自有集成团队 12 人,承接印前系统项目", "product_lines": "印前、印刷、印后",
        "downstream_customers": "本地印刷厂 40 余家", "credit_notes": "银行资信 AA,无不良记录",
    }


def _documents(tier: str) -> list:
    kinds = ["business_licence", *rule_data.value(f"channels.admission.{tier}").get("documents", [])]
    return [(kind, ContentFile(f"{kind} (demo)\n".encode(), name=f"{kind}.txt")) for kind in kinds]


def _approve_fully(application, people, checks=None):
    services.approve_application(actor=people["department_manager"], application=application, checks=checks,
                                 comment="资料齐全,同意")
    return services.approve_application(actor=people["marketing_director"], application=application,
                                        comment="同意")


def _admit(spec: DemoPartner, partner: Partner, people, today) -> Partner:
    if spec.admitted_days_ago:  # a partner from before the system: admitted from its contract date
        on = today - datetime.timedelta(days=spec.admitted_days_ago)
        return services.admit_partner(actor=people["department_manager"], partner=partner, tier=spec.tier, on=on,
                                      reason="合同签订(系统上线前)")
    application = services.submit_application(actor=_user(spec.owner), customer=partner.customer, tier=spec.tier,
                                              documents=_documents(spec.tier), **_criteria(spec.tier))
    checks = dict.fromkeys(rules.CHECK_LABELS, True)
    return _approve_fully(application, people, checks).partner


def _profile(spec: DemoPartner, partner: Partner, offices, made, people, today) -> None:
    actor = people["department_manager"]
    services.update_partner(
        actor=actor, partner=partner, credit_limit=Decimal(spec.credit), payment_term_days=spec.term_days,
        authorised_products=list(spec.products), grade=spec.grade, special=spec.special, exclusive=spec.exclusive,
        office=offices.get(spec.office), parent=made.get(spec.parent),
        authorised_until=None if spec.tier == T.TRIAL_DISTRIBUTOR else today.replace(month=12, day=31),
    )
    for code in spec.territories:
        province = code[:2] + "0000"
        services.add_territory(actor=actor, partner=partner, province_code=province,
                               city_code="" if code == province else code)


def _scorecards(made: dict, people, today) -> None:
    quarters = [rules.previous_quarter(rules.previous_quarter(today)[0]), rules.previous_quarter(today)]
    for (start, _end), rows in zip(quarters, SCORES, strict=True):
        services.create_quarterly_scorecards(today=start + datetime.timedelta(days=100))
        for key, service, sales, quota, payment, complaints in rows:
            card = made[key].scorecards.filter(period_start=start).first()
            if card is not None:
                services.fill_scorecard(actor=people["department_manager"], scorecard=card, service_level=service,
                                        sales_amount=Decimal(sales), sales_quota=Decimal(quota),
                                        payment_punctuality=payment, complaint_count=complaints)


def _applications(made: dict, people) -> None:
    """Applications in every state: a promotion approved, a promotion and an admission waiting, one rejected."""
    alf = made["alf"]
    _approve_fully(services.submit_application(actor=_user("sales_rep"), customer=alf.customer, tier=T.AGENT,
                                               documents=_documents(T.AGENT), **_criteria(T.AGENT)), people)
    services.submit_application(actor=_user("south_rep"), customer=made["hx"].customer, tier=T.AGENT,
                                documents=_documents(T.AGENT), **_criteria(T.AGENT))
    services.submit_application(actor=_user("south_rep"), customer=made["fs"].customer, tier=T.TRIAL_DISTRIBUTOR,
                                documents=_documents(T.TRIAL_DISTRIBUTOR), territory_codes=["440600"],
                                **_criteria(T.TRIAL_DISTRIBUTOR))
    waiting = services.submit_application(actor=people["department_manager"], customer=made["su"].customer,
                                          tier=T.DISTRIBUTOR, documents=_documents(T.DISTRIBUTOR),
                                          territory_codes=["320500"], **_criteria(T.DISTRIBUTOR))
    services.approve_application(actor=people["department_manager"], application=waiting, comment="实力较强,建议通过")
    weak = services.submit_application(actor=people["department_manager"], customer=made["zz"].customer,
                                       tier=T.AGENT, documents=_documents(T.DISTRIBUTOR),
                                       **_criteria(T.AGENT, strong=False))
    services.reject_application(actor=people["department_manager"], application=weak,
                                reason="注册资本与年销售能力未达代理商标准,建议先申请试销")


def seed_demo(context: dict) -> None:
    """The channels part of `manage.py seed_demo` (runs after the organisation and customers)."""
    today = timezone.localdate()
    admin = _user("admin")
    people = {u: _user(u) for u in ("department_manager", "marketing_director")}
    offices = _offices(admin)
    units = {u.code: u for u in org_selectors.list_org_units_for(admin).filter(kind="partner")}
    made: dict[str, Partner] = {}
    for index, spec in enumerate(PARTNERS, start=1):
        unit = units.get(spec.unit)
        customer = _customer(spec, index, unit)
        since = today - datetime.timedelta(days=spec.admitted_days_ago or 0)
        partner = services.create_applicant(
            actor=_user(spec.owner), customer=customer, tier=spec.tier,
            when=timezone.make_aware(datetime.datetime.combine(since, datetime.time(9, 0))) if since < today else None)
        if spec.admitted_days_ago is not None:
            partner = _admit(spec, partner, people, today)
            _profile(spec, partner, offices, made, people, today)
        made[spec.key] = Partner.objects.get(pk=partner.pk)
    for username, key in [("partner_user", "alf"), ("partner_b_user", "hx")]:
        login = _user(username)
        contact = partner_company_contacts(made[key].customer).filter(name=login.first_name).first()
        services.record_portal_login(actor=admin, partner=made[key], user=login, contact=contact)
    _scorecards(made, people, today)
    _applications(made, people)
    services.suspend_partner(actor=people["department_manager"], partner=made["cs"],
                             reason="货款逾期 90 天,连续两季度考评不合格")
    services.terminate_partner(actor=people["marketing_director"], partner=made["ty"],
                               reason="违反独家协议销售竞品(违约)")
    services.send_trial_notices(today=today)
    services.expire_trials(today=today)
    context["partners"] = made
