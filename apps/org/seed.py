"""The demo company's organisation (domain.md §1, §17): units, regions, positions, one login per role.

Also the organisation every test runs against, so test personas are the demo's people.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from . import services
from .choices import EmployeeStatus
from .choices import OrgUnitKind as K
from .models import OrgUnit, Position, Region

REGIONS = [
    ("beijing", "北京大区", "Beijing region", ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区"], []),
    ("shanghai", "上海大区", "Shanghai region", ["上海市", "江苏省", "浙江省", "安徽省"], []),
    ("guangzhou", "广州大区", "Guangzhou region", ["广西壮族自治区", "海南省", "湖南省"],
     ["广州市", "佛山市", "东莞市", "珠海市"]),
    ("shenzhen", "深圳大区", "Shenzhen region", [], ["深圳市", "惠州市", "汕头市"]),
]

# (code, name, English name, kind, parent code, region code)
UNITS = [
    ("company", "华彩印刷设备有限公司", "Huacai Printing Equipment Co., Ltd.", K.COMPANY, None, None),
    ("marketing", "营销中心", "Marketing Center", K.CENTER, "company", None),
    ("foreign-trade", "外贸开发部", "Foreign-Trade Development", K.DEPARTMENT, "marketing", None),
    ("market-dev", "市场开发部", "Market Development", K.DEPARTMENT, "marketing", None),
    ("sales-admin", "销售内务部", "Sales Administration", K.DEPARTMENT, "marketing", None),
    ("regional", "大区域部", "Regional Department", K.DEPARTMENT, "marketing", None),
    ("branch-bj", "北京分公司", "Beijing Branch", K.BRANCH, "regional", "beijing"),
    ("branch-sh", "上海分公司", "Shanghai Branch", K.BRANCH, "regional", "shanghai"),
    ("branch-gz", "广州分公司", "Guangzhou Branch", K.BRANCH, "regional", "guangzhou"),
    ("branch-sz", "深圳分公司", "Shenzhen Branch", K.BRANCH, "regional", "shenzhen"),
    ("ecommerce", "电子商务部", "E-commerce", K.DEPARTMENT, "marketing", None),
    ("cs-center", "客服中心", "Customer Service Centre", K.CENTER, "marketing", None),
    ("cs-presales", "售前客服组", "Pre-sales Service Group", K.GROUP, "cs-center", None),
    ("cs-aftersales", "售后客服组", "After-sales Service Group", K.GROUP, "cs-center", None),
    ("cs-training", "培训组", "Training Group", K.GROUP, "cs-center", None),
    ("cs-business", "业务组", "Business & Knowledge Group", K.GROUP, "cs-center", None),
    ("cs-evaluation", "服务考评组", "Service Evaluation Group", K.GROUP, "cs-center", None),
    ("cs-acceptance", "业务受理室", "Business Acceptance Room", K.ROOM, "cs-center", None),
    ("cs-inquiry", "咨询受理组", "Inquiry Group", K.GROUP, "cs-acceptance", None),
    ("cs-complaint", "投诉受理组", "Complaint Group", K.GROUP, "cs-acceptance", None),
    ("cs-return-visit", "回访支撑室", "Return-Visit Room", K.ROOM, "cs-center", None),
    ("cs-survey", "回访调查组", "Return-Visit Survey Group", K.GROUP, "cs-return-visit", None),
    ("cs-quality", "质量控制室", "Quality Control Room", K.ROOM, "cs-center", None),
    ("cs-phone-1", "话务一班", "Phone Team 1", K.TEAM, "cs-center", None),
    ("aftersales", "售后服务部", "After-sales Department", K.DEPARTMENT, "marketing", None),
    ("as-parts", "配件组(新件库)", "Parts Group (New-Parts Store)", K.GROUP, "aftersales", None),
    ("as-warranty", "三包组(旧件库)", "Warranty Group (Old-Parts Store)", K.GROUP, "aftersales", None),
    ("as-service", "客服组", "Service Group", K.GROUP, "aftersales", None),
    ("as-finance", "财务组", "Finance Group", K.GROUP, "aftersales", None),
    ("sp-bj-chaoyang", "北京朝阳特约维修点", "Beijing Chaoyang Service Point", K.SERVICE_POINT, "aftersales",
     "beijing"),
    ("telemarketing", "电话营销中心", "Telemarketing Centre", K.CENTER, "marketing", None),
    ("tm-team-1", "电话营销一组", "Telemarketing Team 1", K.TEAM, "telemarketing", None),
    ("tm-team-2", "电话营销二组", "Telemarketing Team 2", K.TEAM, "telemarketing", None),
    ("admin-dept", "行政部", "Administration", K.DEPARTMENT, "company", None),
    ("hr-dept", "人力资源部", "Human Resources", K.DEPARTMENT, "company", None),
    ("finance-dept", "财务部", "Finance", K.DEPARTMENT, "company", None),
    ("logistics", "仓储物流部", "Warehouse & Logistics", K.DEPARTMENT, "company", None),
    ("it-dept", "信息中心", "IT", K.DEPARTMENT, "company", None),
    ("partner-bj-alf", "北京艾礼富科技有限公司", "Beijing Ailifu Technology Co., Ltd.", K.PARTNER, None, "beijing"),
    ("partner-gz-hx", "广州恒信印务器材有限公司", "Guangzhou Hengxin Printing Supplies Co., Ltd.", K.PARTNER, None,
     "guangzhou"),
]

POSITIONS = [
    ("director", "营销总监", "Marketing director"), ("manager", "经理", "Manager"),
    ("supervisor", "主管", "Supervisor"), ("group-leader", "组长", "Group leader"),
    ("sales-rep", "业务员", "Sales rep"), ("assistant", "营销助理", "Marketing assistant"),
    ("specialist", "专员", "Specialist"), ("agent", "话务员", "Agent"), ("technician", "技术员", "Technician"),
    ("keeper", "仓管员", "Store keeper"), ("clerk", "内勤", "Clerk"), ("accountant", "会计", "Accountant"),
    ("gm", "总经理", "General manager"), ("partner-contact", "合作伙伴联系人", "Partner contact"),
]


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    unit: str
    roles: tuple[str, ...]
    position: str
    manager: str | None = None
    heads_unit: bool = False


# One login per role (the username is the role code), plus the extra people the scope tests need.
PEOPLE = [
    Person("marketing_director", "王建国", "marketing", ("marketing_director",), "director", None, True),
    Person("department_manager", "李明", "market-dev", ("department_manager",), "manager", "marketing_director", True),
    Person("regional_manager", "赵强", "branch-bj", ("regional_manager",), "manager", "marketing_director"),
    Person("sales_rep", "孙伟", "branch-bj", ("sales_rep",), "sales-rep", "regional_manager"),
    Person("south_rep", "周杰", "branch-gz", ("sales_rep",), "sales-rep", "branch_gm"),
    Person("foreign_trade_rep", "吴磊", "foreign-trade", ("foreign_trade_rep",), "sales-rep", "marketing_director"),
    Person("sales_admin", "郑丽", "sales-admin", ("sales_admin",), "assistant", "marketing_director", True),
    Person("ecommerce_specialist", "冯洁", "ecommerce", ("ecommerce_specialist",), "specialist",
           "marketing_director"),
    Person("cs_manager", "陈静", "cs-center", ("cs_manager",), "manager", "marketing_director", True),
    Person("cs_supervisor", "褚红", "cs-aftersales", ("cs_supervisor",), "supervisor", "cs_manager", True),
    Person("cs_group_leader", "卫芳", "cs-complaint", ("cs_group_leader",), "group-leader", "cs_supervisor", True),
    Person("cs_agent", "蒋敏", "cs-complaint", ("cs_agent",), "specialist", "cs_group_leader"),
    Person("return_visit_agent", "沈燕", "cs-survey", ("return_visit_agent",), "specialist", "cs_supervisor"),
    Person("qa_evaluator", "韩雪", "cs-evaluation", ("qa_evaluator",), "specialist", "cs_manager"),
    Person("kb_editor", "杨柳", "cs-business", ("kb_editor",), "specialist", "cs_manager"),
    Person("aftersales_manager", "朱刚", "aftersales", ("aftersales_manager",), "manager", "marketing_director", True),
    Person("warranty_technician", "秦勇", "as-warranty", ("warranty_technician",), "technician",
           "aftersales_manager"),
    Person("parts_keeper", "尤涛", "as-parts", ("parts_keeper",), "keeper", "aftersales_manager"),
    Person("service_point_technician", "许亮", "sp-bj-chaoyang", ("service_point_technician",), "technician",
           "aftersales_manager"),
    Person("telemarketing_manager", "何平", "telemarketing", ("telemarketing_manager",), "manager",
           "marketing_director", True),
    Person("shift_leader", "吕梅", "telemarketing", ("shift_leader",), "supervisor", "telemarketing_manager"),
    Person("team_leader", "施娜", "tm-team-1", ("team_leader",), "group-leader", "shift_leader", True),
    Person("telemarketing_agent", "张婷", "tm-team-1", ("telemarketing_agent",), "agent", "team_leader"),
    Person("branch_gm", "孔德", "branch-gz", ("branch_gm",), "gm", "marketing_director", True),
    Person("branch_clerk", "曹霞", "branch-gz", ("branch_clerk",), "clerk", "branch_gm"),
    Person("hq_clerk", "严冬", "sales-admin", ("hq_clerk",), "clerk", "sales_admin"),
    Person("finance", "华琳", "finance-dept", ("finance",), "accountant", None, True),
    Person("hr", "金玉", "hr-dept", ("hr",), "manager", None, True),
    Person("warehouse", "魏东", "logistics", ("warehouse",), "keeper", None, True),
    Person("system_admin", "陶然", "it-dept", ("system_admin",), "specialist", None, True),
    Person("partner_user", "艾礼富", "partner-bj-alf", ("partner_user",), "partner-contact"),
    Person("partner_b_user", "恒信", "partner-gz-hx", ("partner_user",), "partner-contact"),
]


def demo_phone(index: int) -> str:
    return f"+86138{index:04d}{(index * 7919) % 10000:04d}"


def seed_org(*, password: str) -> dict[str, object]:
    """Build the demo organisation; returns the employees by username."""
    services.sync_roles()
    regions = {}
    for code, name, name_en, provinces, cities in REGIONS:
        regions[code] = Region.objects.create(code=code, name=name, name_en=name_en, provinces=provinces,
                                              cities=cities)
    units: dict[str, OrgUnit] = {}
    for order, (code, name, name_en, kind, parent, region) in enumerate(UNITS):
        units[code] = services.create_org_unit(
            actor=None, code=code, name=name, name_en=name_en, kind=kind, parent=units.get(parent),
            region=regions.get(region), sort_order=order,
        )
    positions = {code: Position.objects.create(code=code, name=n, name_en=e) for code, n, e in POSITIONS}
    people: dict[str, object] = {}
    hired = timezone.localdate().replace(day=1)
    for index, person in enumerate(PEOPLE, start=1):
        employee = services.create_employee(
            actor=None, username=person.username, name=person.name, password=password, org_unit=units[person.unit],
            roles=person.roles, position=positions[person.position], phone=demo_phone(index),
            email=f"{person.username}@example.com", employee_no=f"E{index:05d}", hire_date=hired,
            status=EmployeeStatus.ACTIVE, manager=people.get(person.manager) if person.manager else None,
        )
        people[person.username] = employee
        if person.heads_unit:
            OrgUnit.objects.filter(pk=units[person.unit].pk).update(head=employee.user)
    for person in PEOPLE:  # managers named before they exist in PEOPLE's order
        if person.manager and people[person.username].manager_id is None:
            people[person.username].manager = people[person.manager]
            people[person.username].save(update_fields=["manager"])
    return people


# Where the demo's rank-and-file staff work: (unit code, how many, role, position, manager username).
CROWD = [
    ("cs-inquiry", 6, "cs_agent", "specialist", "cs_group_leader"),
    ("cs-complaint", 4, "cs_agent", "specialist", "cs_group_leader"),
    ("cs-phone-1", 8, "cs_agent", "agent", "cs_supervisor"),
    ("cs-survey", 3, "return_visit_agent", "specialist", "cs_supervisor"),
    ("tm-team-1", 7, "telemarketing_agent", "agent", "team_leader"),
    ("tm-team-2", 8, "telemarketing_agent", "agent", "shift_leader"),
    ("branch-bj", 3, "sales_rep", "sales-rep", "regional_manager"),
    ("branch-sh", 4, "sales_rep", "sales-rep", "marketing_director"),
    ("branch-gz", 2, "sales_rep", "sales-rep", "branch_gm"),
    ("branch-sz", 3, "sales_rep", "sales-rep", "marketing_director"),
    ("market-dev", 3, "sales_rep", "sales-rep", "department_manager"),
    ("sales-admin", 3, "sales_admin", "assistant", "sales_admin"),
    ("as-parts", 2, "parts_keeper", "keeper", "aftersales_manager"),
    ("as-warranty", 2, "warranty_technician", "technician", "aftersales_manager"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀兰", "霞", "平", "刚", "桂英", "文", "华", "红", "建华", "玉兰", "晨", "欣怡", "子涵", "浩然", "宇轩"]


def seed_crowd(*, password: str, people: dict) -> int:
    """Add the demo's rank-and-file staff so head counts and lists look like a real marketing center."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={c[0] for c in CROWD})}
    positions = {p.code: p for p in Position.objects.all()}
    number = 100
    for unit_code, count, role, position, manager in CROWD:
        for _ in range(count):
            number += 1
            name = SURNAMES[number * 17 % len(SURNAMES)] + GIVEN[(number * 7 + number // 5) % len(GIVEN)]
            services.create_employee(
                actor=None, username=f"demo{number}", name=name, password=password, org_unit=units[unit_code],
                roles=(role,), position=positions[position], phone=demo_phone(number), employee_no=f"E{number:05d}",
                manager=people[manager], status=EmployeeStatus.PROBATION if number % 9 == 0 else EmployeeStatus.ACTIVE,
                hire_date=timezone.localdate() - datetime.timedelta(days=30 * (number % 40)),
            )
    return number - 100


def seed_demo(context: dict) -> None:
    """The org part of `manage.py seed_demo`: the organisation, one login per role and the `admin` superuser."""
    people = seed_org(password=context["password"])
    admin = services.create_employee(
        actor=None, username="admin", name="系统管理员", password=context["password"],
        org_unit=OrgUnit.objects.get(code="it-dept"), roles=("system_admin",), employee_no="E00000",
        email="admin@example.com", status=EmployeeStatus.ACTIVE,
    )
    admin.user.is_superuser = True
    admin.user.is_staff = True
    admin.user.save(update_fields=["is_superuser", "is_staff"])
    context["people"] = people
    if context.get("crowd", True):
        seed_crowd(password=context["password"], people=people)
    context["logins"] = [("admin", "系统管理员", "superuser")] + [
        (p.username, p.name, ", ".join(p.roles)) for p in PEOPLE
    ]
