"""Benchmark data for the customer archive (make bench): a million customers and the import files.

Every generated row gets its search keys from the app's own key functions (keys.name_key, keys.pinyin_keys,
keys.phone_keys), but rows are bulk-inserted without history (core.bench.data.insert_rows). Names and phones are a
function of the row's index, so they are unique where the archive wants them unique, reruns top up instead of
starting again, and import files never collide with the generated archive.
"""

import csv
import datetime as dt
import multiprocessing
import os
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from apps.org import selectors as org_selectors
from core import divisions
from core.bench.data import analyze, generator_user, insert_rows, max_id

from . import keys
from .choices import CustomerKind
from .demo_archive import GEOGRAPHY, REGION_BRANCH, SOURCE_WEIGHTS, SURNAMES, TITLES, TRADES
from .import_workbooks import TEMPLATE_HEADERS
from .models import Contact, Customer

FIRST = ("华鑫恒宏金新联中天永博瑞德嘉东锦汇明长盛佳鸿同立宝万精星海"
         "富兴隆昌泰安康和信达源祥福顺通宇航龙凤光彩美丽优创大友正国广众")
SECOND = ("印源达图彩华合正成盛雅丰信禾方程通辉荣世美运创立工海"
          "宝泰昌隆兴利发晟腾飞鹏跃远景宸恒泽润德瀚博睿智联科锐峰岭川江河")
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "霞", "平", "刚", "文", "华", "红", "建华", "玉兰", "晨", "欣怡", "子涵", "浩然", "宇轩", "志强", "海涛",
         "建国", "淑珍", "俊杰", "雪梅", "立新", "国庆", "春燕"]
SUFFIXES = ["有限公司", "有限公司", "有限责任公司", "股份有限公司", "厂"]
SOURCES = ["展会", "网络", "官网", "微信", "转介绍", "电话营销", "拜访", "来访", "其他"]  # as people type them
STREETS = ["人民路", "解放路", "中山路", "建设路", "工业园路", "科技路", "新华路", "迎宾大道", "滨江路", "创业大道"]
AREA_CODES = {"110100": "10", "120100": "22", "130100": "311", "130200": "315", "130600": "312", "140100": "351",
              "150100": "471", "150200": "472", "310100": "21", "320100": "25", "320500": "512", "320200": "510",
              "330100": "571", "330200": "574", "330300": "577", "340100": "551", "440100": "20", "440600": "757",
              "441900": "769", "440400": "756", "450100": "771", "430100": "731", "460100": "898", "440300": "755",
              "441300": "752", "440500": "754"}
# Mobile prefixes: the generated archive, its contacts, and the import files use disjoint ones.
ARCHIVE_PREFIXES = [f"13{d}" for d in range(10)] + [f"15{d}" for d in "012356789"] + [f"18{d}" for d in range(10)]
CONTACT_PREFIXES = ["166", "147", "145", "162", "165", "167"]
IMPORT_PREFIXES = ["173", "175", "176", "177", "178", "191", "193", "195", "196", "198", "199"]
IMPORT_OFFSET = 1_000_000  # import rows take names after the archive's (indexes are permuted below)
TRADE_KINDS = [(kind, trade) for kind, trades in TRADES.items() for trade in trades]
CITIES = [(region, province, city) for region, provinces in GEOGRAPHY.items() for province, cities in provinces
          for city in cities]
CAPACITY = len(CITIES) * len(FIRST) * len(SECOND) * len(TRADE_KINDS)
STEP = 7_919  # a prime not dividing CAPACITY: i -> i * STEP % CAPACITY scatters indexes over every combination
CHUNK = 50_000
EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def tail(i: int) -> str:
    """Eight digits, different for every index below 10^8 (7,654,321 is coprime with 10^8)."""
    return f"{(i * 7_654_321 + 1_234_567) % 100_000_000:08d}"


def company(i: int) -> tuple[str, str, str, str]:
    """(name, kind, city code, trade) of the company with index i: '苏州鑫达包装印务有限公司'."""
    j = i * STEP % CAPACITY
    j, t = divmod(j, len(TRADE_KINDS))
    j, s = divmod(j, len(SECOND))
    j, f = divmod(j, len(FIRST))
    city = CITIES[j % len(CITIES)][2]
    kind, trade = TRADE_KINDS[t]
    place = divisions.name(city).removesuffix("市")
    return f"{place}{FIRST[f]}{SECOND[s]}{trade}{SUFFIXES[i % len(SUFFIXES)]}", str(kind), city, trade


def person(i: int) -> str:
    return SURNAMES[i * 31 % len(SURNAMES)] + GIVEN[i * 17 % len(GIVEN)]


def pinyin_of(name: str) -> tuple[str, str]:
    return keys.pinyin_keys(name)


class Archive:
    """Facts looked up once per generation: owners per region, regions per city."""

    def __init__(self):
        units = {u.code: u for u in org_selectors.list_org_units_for(_admin())}
        self.owners = {region: [(u.pk, units[code].pk) for u in org_selectors.active_users_in_unit(units[code].pk)]
                       for region, code in REGION_BRANCH.items() if code in units}
        self.regions = {}
        for _region, province, city in CITIES:
            found = org_selectors.region_for_location(divisions.name(province), divisions.name(city))
            self.regions[city] = found.pk if found else None
        self.province_of = {city: province for _r, province, city in CITIES}
        self.region_code_of = {city: region for region, _p, city in CITIES}


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def customer_row(i: int, pk: int, archive: Archive, creator_id: int, rng: random.Random) -> tuple[dict, dict | None]:
    """The generated customer with index i (and its contact, for every other one) as column values."""
    name, kind, city, trade = company(i)
    if i % 10 == 3:
        name, kind = person(i), str(CustomerKind.INDIVIDUAL)
    if i % 5 == 0:
        phone = f"+86{AREA_CODES[city]}{tail(i)}"
    else:
        phone = f"+86{ARCHIVE_PREFIXES[i % len(ARCHIVE_PREFIXES)]}{tail(i)}"
    digits, reversed_digits = keys.phone_keys(phone)
    owners = archive.owners.get(archive.region_code_of[city]) or [(None, None)]
    in_pool = i % 20 == 7
    owner_id, unit_id = (None, None) if in_pool else owners[i % len(owners)]
    created = EPOCH + dt.timedelta(seconds=rng.randrange(5 * 365 * 86400))
    province = archive.province_of[city]
    row = {
        "id": pk, "name": name, "kind": kind, "grade": "ABCD"[i % 4] if i % 3 else "",
        "source": rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0],
        "owner_id": owner_id, "org_unit_id": unit_id, "region_id": archive.regions[city], "in_pool": in_pool,
        "phone": phone, "phone_digits": digits, "phone_reversed": reversed_digits, "name_key": keys.name_key(name),
        "credit_code": f"91{city}{i:010d}" if kind != CustomerKind.INDIVIDUAL and i % 2 else "",
        "province_code": province, "province": divisions.name(province), "city_code": city,
        "city": divisions.name(city), "address": f"{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
        "industry": "" if kind == CustomerKind.INDIVIDUAL else trade[-2:],
        "annual_purchase": Decimal(rng.randrange(0, 5_000_000)) if i % 4 else Decimal(0),
        "is_key_account": i % 50 == 11, "is_member": i % 7 == 2, "created_at": created, "updated_at": created,
        "created_by_id": creator_id, "updated_by_id": creator_id,
        "last_activity_at": created + dt.timedelta(days=rng.randrange(0, 400)) if i % 3 else None,
    }
    contact = None
    if i % 2:
        contact_phone = f"+86{CONTACT_PREFIXES[i % len(CONTACT_PREFIXES)]}{tail(i)}"
        c_digits, c_reversed = keys.phone_keys(contact_phone)
        contact = {"customer_id": pk, "name": person(i + 7), "title": TITLES[i % len(TITLES)], "phone": contact_phone,
                   "phone_digits": c_digits, "phone_reversed": c_reversed, "is_primary": True, "created_at": created,
                   "updated_at": created, "created_by_id": creator_id, "updated_by_id": creator_id}
    return row, contact


def generated(model=Customer):
    return model.objects.filter(created_by=generator_user())


def ensure_customers(wanted: int, log) -> int:
    """At least `wanted` generated customers (topped up or trimmed to exactly that); returns how many were made."""
    have = generated().count()
    if have > wanted:
        cut = generated().order_by("pk").values_list("pk", flat=True)[wanted]
        surplus = f"SELECT id FROM {Customer._meta.db_table} WHERE created_by_id = %s AND id >= %s"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Contact._meta.db_table} WHERE customer_id IN ({surplus})",
                           [generator_user().pk, cut])
            cursor.execute(f"DELETE FROM {Customer._meta.db_table} WHERE id IN ({surplus})", [generator_user().pk, cut])
        log(f"trimmed the generated archive to {wanted:,} customers")
        return 0
    if have == wanted:
        log(f"reusing {have:,} generated customers")
        return 0
    log(f"generating {wanted - have:,} customers (have {have:,})")
    archive, creator = Archive(), generator_user()
    rng = random.Random(have)
    start_pk = max_id(Customer) + 1
    workers = max(os.cpu_count() or 1, 1)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for first in range(have, wanted, CHUNK):
            indexes = range(first, min(first + CHUNK, wanted))
            pairs = [customer_row(i, start_pk + i - have, archive, creator.pk, rng) for i in indexes]
            names = sorted({row["name"] for row, _c in pairs})
            pinyin = dict(zip(names, pool.map(pinyin_of, names, chunksize=500), strict=True))
            now = timezone.now()
            for row, _c in pairs:
                row["name_pinyin"], row["name_initials"] = pinyin[row["name"]]
            insert_rows(Customer, (row for row, _c in pairs), now=now)
            insert_rows(Contact, (c for _r, c in pairs if c), now=now)
            log(f"  {indexes.stop - have:,} / {wanted - have:,}")
    analyze()
    return wanted - have


# -- import files ---------------------------------------------------------------------------------------------

def import_rows(count: int) -> Iterator[list[str]]:
    """`count` lines of an import file; names the archive already has (the demo's own) are skipped."""
    taken = set(Customer.objects.exclude(created_by=generator_user()).values_list("name_key", flat=True))
    made, k = 0, IMPORT_OFFSET
    while made < count:
        row = import_row(k)
        k += 1
        if keys.name_key(row[0]) not in taken:
            made += 1
            yield row


def import_row(k: int) -> list[str]:
    """The line of an import file for name index k in the template's columns (phones unlike the archive's)."""
    i = k - IMPORT_OFFSET
    name, kind, city, _trade = company(k)
    kind_label = {"company": "公司", "partner": "代理商", "integrator": "系统集成商", "contractor": "工程商",
                  "industry": "行业客户"}[kind]
    source = SOURCES[i % len(SOURCES)]
    return [name, person(k), f"{IMPORT_PREFIXES[i % len(IMPORT_PREFIXES)]}{tail(k)}",
            divisions.name(_province(city)), divisions.name(city), "", f"{STREETS[i % len(STREETS)]}{i % 997 + 1}号",
            kind_label, source, "2026春季展会名片" if i % 9 == 0 else ""]


def _province(city: str) -> str:
    return next(province for _r, province, c in CITIES if c == city)


def import_csv(workdir: Path, rows: int) -> Path:
    """A UTF-8 CSV of `rows` customers with the template's headers (kept for reruns)."""
    path = workdir / f"customers-import-{rows}.csv"
    if not path.exists():
        partial = path.with_suffix(".part")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(TEMPLATE_HEADERS)
            writer.writerows(import_rows(rows))
        partial.rename(path)
    return path


def import_xlsx(workdir: Path, rows: int) -> Path:
    """An .xlsx of `rows` customers (written in openpyxl's streaming mode; kept for reruns)."""
    from openpyxl import Workbook

    path = workdir / f"customers-import-{rows}.xlsx"
    if not path.exists():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("客户导入")
        sheet.append(TEMPLATE_HEADERS)
        for row in import_rows(rows):
            sheet.append(row)
        partial = path.with_suffix(".part")
        workbook.save(partial)
        partial.rename(path)
    return path


def read_rows(path: Path) -> list[list[str]]:
    """The data rows of a generated import file (for the raw baseline)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))[1:]
    import python_calamine

    sheet = python_calamine.load_workbook(str(path)).get_sheet_by_index(0)
    return [[str(cell) for cell in row] for row in sheet.to_python()[1:]]
