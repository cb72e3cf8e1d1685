"""The demo customer archive: about 300 customers over the four regions, every kind, grade and source, with
contacts, tags, members, key accounts, a few flagged duplicates and one archive per partner company.

Deterministic (seeded random), and made through the services so the demo obeys the same rules as the product.
"""

import datetime
import random
from decimal import Decimal

from apps.org import selectors as org_selectors
from core import divisions
from core import rules as rule_values

from . import services
from .choices import CreditStatus, CustomerKind, CustomerSource
from .keys import name_key
from .models import Tag
from .rules import grade_for

SEED = 20260301
COUNT = 300

# Region code -> (province code, [city codes]); cities as GB/T 2260 codes (core.divisions).
GEOGRAPHY = {
    "beijing": [("110000", ["110100"]), ("120000", ["120100"]), ("130000", ["130100", "130200", "130600"]),
                ("140000", ["140100"]), ("150000", ["150100", "150200"])],
    "shanghai": [("310000", ["310100"]), ("320000", ["320100", "320500", "320200"]),
                 ("330000", ["330100", "330200", "330300"]), ("340000", ["340100"])],
    "guangzhou": [("440000", ["440100", "440600", "441900", "440400"]), ("450000", ["450100"]),
                  ("430000", ["430100"]), ("460000", ["460100"])],
    "shenzhen": [("440000", ["440300", "441300", "440500"])],
}
REGION_WEIGHTS = {"beijing": 32, "shanghai": 22, "guangzhou": 28, "shenzhen": 18}
# Branch whose reps own a region's customers; managers and specialists below take a share.
REGION_BRANCH = {"beijing": "branch-bj", "shanghai": "branch-sh", "guangzhou": "branch-gz", "shenzhen": "branch-sz"}
REGION_FALLBACK = {"beijing": ["sales_rep", "regional_manager"], "shanghai": ["department_manager"],
                   "guangzhou": ["south_rep", "branch_gm"], "shenzhen": ["branch_gm", "department_manager"]}

BRANDS = [
    "华印", "鑫源", "恒达", "宏图", "金彩", "新华", "联合", "中正", "天成", "永盛", "博雅", "瑞丰",
    "德信", "嘉禾", "东方", "锦程", "汇通", "明辉", "长荣", "盛世", "佳美", "鸿运", "同创", "立信",
    "宝丰", "万通", "精工", "星海",
]
TRADES = {
    CustomerKind.COMPANY: ["彩色印刷", "包装印务", "纸制品", "商务印刷", "票据印刷", "标签印刷", "数码图文"],
    CustomerKind.PARTNER: ["印刷器材", "印务设备", "印刷耗材", "图文设备"],
    CustomerKind.INTEGRATOR: ["信息系统集成", "智能印务科技", "数字化工程"],
    CustomerKind.CONTRACTOR: ["印刷工程", "厂房设备安装工程", "机电工程"],
    CustomerKind.INDUSTRY: ["出版集团", "日报社", "教育印刷中心", "药业包装", "食品包装", "烟草印务"],
}
SUFFIXES = ["有限公司", "有限公司", "有限责任公司", "股份有限公司", "厂"]  # 厂 (works) last: companies only
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "霞", "平", "刚", "文", "华", "红", "建华", "玉兰", "晨", "欣怡", "子涵", "浩然", "宇轩", "志强", "海涛"]
TITLES = ["总经理", "采购经理", "厂长", "生产主管", "财务", "技术主管", "老板"]
INDUSTRIES = ["印刷", "包装", "出版", "广告", "教育", "制药", "食品", "政府机关"]
KIND_WEIGHTS = {CustomerKind.COMPANY: 45, CustomerKind.INDIVIDUAL: 10, CustomerKind.INTEGRATOR: 9,
                CustomerKind.CONTRACTOR: 9, CustomerKind.INDUSTRY: 17, CustomerKind.PARTNER: 10}
SOURCE_WEIGHTS = {CustomerSource.VISIT: 22, CustomerSource.TRADE_FAIR: 18, CustomerSource.REFERRAL: 16,
                  CustomerSource.TELEMARKETING: 12, CustomerSource.INTERNET: 10, CustomerSource.WEBSITE: 8,
                  CustomerSource.WECHAT: 8, CustomerSource.WALK_IN: 4, CustomerSource.OTHER: 2}
TAGS = [("重点客户", "red"), ("展会2026", "purple"), ("老客户", "green"), ("价格敏感", "yellow"), ("需回访", "orange"),
        ("潜力客户", "azure")]
ATTITUDES = ["积极合作", "观望中", "比较认可我们的售后", "倾向竞争对手价格", "愿意试用新机型"]
TERMS = ["款到发货", "月结30天", "月结60天", "30%预付，验收后付清", "信用证"]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


class _Names:
    """Unique customer names and phones (the archive refuses duplicates; the flagged ones are made on purpose)."""

    def __init__(self, rng: random.Random):
        self.rng, self.keys, self.phones = rng, set(), set()

    def name(self, kind: str, city: str) -> str:
        while True:
            if kind == CustomerKind.INDIVIDUAL:
                name = _person_name(self.rng) + self.rng.choice(["", "", "（个体）"])
            else:
                trade = self.rng.choice(TRADES[kind])
                suffix = "" if trade.endswith(("集团", "社", "中心")) else self.rng.choice(
                    SUFFIXES if kind == CustomerKind.COMPANY else SUFFIXES[:-1])
                name = city.removesuffix("市") + self.rng.choice(BRANDS) + trade + suffix
            if name_key(name) not in self.keys:
                self.keys.add(name_key(name))
                return name

    def phone(self) -> str:
        while True:
            phone = f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


def _owners(people: dict) -> dict[str, list]:
    """Users owning each region's customers: the branch's reps (the crowd too when present), else the fallbacks."""
    by_unit: dict[str, list] = {}
    for user in org_selectors.users_with_role("sales_rep").order_by("username"):
        unit = org_selectors.unit_of(user)
        if unit is not None:
            by_unit.setdefault(unit.code, []).append(user)
    owners = {}
    for region, branch in REGION_BRANCH.items():
        fallback = [people[name].user for name in REGION_FALLBACK[region] if name in people]
        owners[region] = by_unit.get(branch, []) + fallback
    return owners


def _purchase(rng: random.Random, kind: str) -> Decimal:
    scale = {CustomerKind.INDIVIDUAL: 80_000, CustomerKind.PARTNER: 2_500_000, CustomerKind.INDUSTRY: 1_500_000}
    top = scale.get(kind, 900_000)
    return Decimal(int(top * rng.random() ** 2.2) // 100 * 100)


def _blocks(rng: random.Random, kind: str, purchase: Decimal) -> dict:
    if kind == CustomerKind.INDIVIDUAL or rng.random() < 0.25:
        return {"industry": rng.choice(INDUSTRIES)}
    return {
        "legal_person": _person_name(rng), "industry": rng.choice(INDUSTRIES),
        "trade_since": datetime.date(2026 - rng.randint(0, 12), rng.randint(1, 12), 1),
        "size": rng.choice(["20人以下", "20-50人", "50-200人", "200-500人", "500人以上"]),
        "registered_capital": Decimal(rng.choice([50, 100, 200, 500, 1000, 3000]) * 10_000),
        "annual_revenue": (purchase * rng.randint(8, 40)).quantize(Decimal("1")),
        "service_area": rng.choice(["本市", "本省", "华北", "华东", "华南", "全国"]),
        "development_potential": rng.choice(["高", "中", "低"]),
        "cooperation_attitude": rng.choice(ATTITUDES), "trade_terms": rng.choice(TERMS),
        "credit_status": rng.choices([CreditStatus.GOOD, CreditStatus.NORMAL, CreditStatus.WATCH, CreditStatus.BAD],
                                     weights=[35, 50, 10, 5])[0],
        "current_activity": rng.choice(["计划更新设备", "扩产中", "维持现状", "在比较报价"]),
    }


def _contacts(rng: random.Random, kind: str, names: _Names) -> list[dict]:
    count = rng.choice([0, 1]) if kind == CustomerKind.INDIVIDUAL else rng.choice([1, 1, 2, 2, 3])
    return [{"name": _person_name(rng), "title": rng.choice(TITLES), "phone": names.phone() if rng.random() < 0.8
             else ""} for _ in range(count)]


def _customer_fields(rng: random.Random, names: _Names, owners: dict, grade_rules, tags: list,
                    partners: dict) -> dict:
    region = _weighted(rng, REGION_WEIGHTS)
    province, cities = rng.choice(GEOGRAPHY[region])
    city = rng.choice(cities)
    districts = divisions.children(city)
    kind = _weighted(rng, KIND_WEIGHTS)
    purchase = _purchase(rng, kind)
    payment, potential = rng.randint(40, 100), rng.randint(20, 100)
    grade = grade_for(purchase, payment, potential, grade_rules)
    return {
        "name": names.name(kind, divisions.name(city)), "kind": kind, "phone": names.phone(),
        "province_code": province, "city_code": city,
        "district_code": rng.choice(districts).code if districts else "",
        "address": f"{rng.choice(['建设', '人民', '解放', '工业', '科技', '滨海'])}路{rng.randint(1, 399)}号",
        "source": _weighted(rng, SOURCE_WEIGHTS), "owner": rng.choice(owners[region]), "grade": grade,
        "annual_purchase": purchase, "payment_score": payment, "potential_score": potential,
        "is_member": rng.random() < (0.3 if kind == CustomerKind.INDIVIDUAL else 0.12),
        "is_key_account": grade == "A" and rng.random() < 0.7,
        "tags": rng.sample(tags, k=rng.choice([0, 0, 1, 1, 2])),
        "contacts": _contacts(rng, kind, names), **_blocks(rng, kind, purchase),
        # End customers a partner company serves are in that partner's scope too.
        "partner_unit": partners.get(region) if kind == CustomerKind.INDUSTRY and rng.random() < 0.3 else None,
    }


# Partner companies (their partner user's username), the region they serve, their rep and their city.
PARTNERS = [("partner_user", "beijing", "sales_rep", "110100"), ("partner_b_user", "guangzhou", "south_rep", "440100")]


def _partner_units(people: dict) -> dict:
    """Region code -> the partner company (org unit) serving it."""
    return {region: org_selectors.partner_unit_of(people[username].user)
            for username, region, _rep, _city in PARTNERS if username in people}


def _partner_archives(people: dict, partners: dict, names: _Names) -> list:
    """One customer record per partner company, in the partner's own scope."""
    made = []
    for username, region, rep, city in PARTNERS:
        if region not in partners or rep not in people:
            continue
        unit = partners[region]
        made.append(services.create_customer(
            actor=people[rep].user, owner=people[rep].user, name=unit.name, kind=CustomerKind.PARTNER,
            phone=names.phone(), province_code=city[:2] + "0000", city_code=city, partner_unit=unit,
            source=CustomerSource.REFERRAL, grade="A", annual_purchase=Decimal("2600000"), payment_score=90,
            is_key_account=True, industry="印刷器材", contacts=[{"name": people[username].name, "title": "总经理"}],
        ))
    return made


def _flag_duplicates(rng: random.Random, customers: list, names: _Names) -> list:
    """A few customers entered twice (same phone or the same name with another suffix), saved as flagged."""
    made = []
    for original in rng.sample([c for c in customers if c.kind != CustomerKind.INDIVIDUAL], k=6):
        same_phone = len(made) % 2 == 0
        made.append(services.create_customer(
            actor=original.owner, owner=original.owner, allow_duplicate=True, kind=original.kind,
            name=original.name if same_phone else original.name_key + "有限责任公司",
            phone=original.phone if same_phone else names.phone(), province_code=original.province_code,
            city_code=original.city_code, source=CustomerSource.TELEMARKETING,
        ))
    return made


def seed_customers(context: dict) -> list:
    """About 300 demo customers owned by the demo reps (context["people"]: username -> Employee)."""
    rng = random.Random(SEED)
    people = context["people"]
    tags = [Tag.objects.get_or_create(name=name, defaults={"color": color})[0] for name, color in TAGS]
    names, owners, partners = _Names(rng), _owners(people), _partner_units(people)
    grade_rules = rule_values.value("customers.grade_rules")
    extra = {"foreign_trade_rep": 8, "ecommerce_specialist": 10}
    customers = []
    for index in range(COUNT):
        fields = _customer_fields(rng, names, owners, grade_rules, tags, partners)
        for username, every in extra.items():
            if index % (COUNT // every) == 0 and username in people:
                fields["owner"] = people[username].user
        customers.append(services.create_customer(actor=fields["owner"], **fields))
    customers += _partner_archives(people, partners, names)
    return customers + _flag_duplicates(rng, customers, names)
