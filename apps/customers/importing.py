"""Reading customer import files (pure: no ORM): file sniffing, encodings, header mapping and cell cleaning.

Files are read row by row: .xlsx with python-calamine (its Rust reader holds the sheet's values compactly and hands
Python one row at a time; openpyxl's read-only mode is ten times slower), .csv with the csv module after the
encoding was found by scanning the bytes — so a large file never becomes Python objects whole.
"""

import codecs
import csv
import datetime
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import phonenumbers
import python_calamine
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import divisions
from core.phones import DEFAULT_REGION

from . import keys
from .choices import CustomerKind, CustomerSource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 20
HEADER_SCAN_ROWS = 10
_SCAN_CHUNK = 1 << 16

# The fields a column can fill, in the order the mapping selects list them.
FIELDS = {
    "name": gettext_lazy("Customer name"),
    "contact": gettext_lazy("Contact"),
    "phone": gettext_lazy("Phone"),
    "province": gettext_lazy("Province"),
    "city": gettext_lazy("City"),
    "district": gettext_lazy("District"),
    "address": gettext_lazy("Address"),
    "kind": gettext_lazy("Customer kind"),
    "source": gettext_lazy("Source"),
    "notes": gettext_lazy("Notes"),
    "credit_code": gettext_lazy("Unified social credit code"),
    "industry": gettext_lazy("Industry"),
    "email": gettext_lazy("Email"),
}
REQUIRED_FIELD = "name"

_HEADER_ALIASES = {
    "name": ["客户名称", "客户名", "客户", "名称", "公司名称", "公司", "单位名称", "单位", "企业名称", "客户全称",
             "customer", "customername", "name", "company", "companyname"],
    "contact": ["联系人", "联系人姓名", "姓名", "contact", "contactname", "contactperson"],
    "phone": ["手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "联系方式", "移动电话", "联系人电话",
              "联系人手机", "手机/电话", "电话/手机", "mobile", "phone", "telephone", "tel", "phonenumber",
              "mobilephone", "cellphone"],
    "province": ["省份", "省", "所在省份", "省/直辖市", "省份/直辖市", "province"],
    "city": ["城市", "市", "所在城市", "地市", "城市/地区", "city"],
    "district": ["区县", "区", "县", "区/县", "所在区县", "district", "county"],
    "address": ["地址", "详细地址", "联系地址", "通讯地址", "公司地址", "address", "streetaddress"],
    "kind": ["客户类型", "类型", "客户类别", "类别", "客户性质", "kind", "type", "customertype"],
    "source": ["来源", "客户来源", "渠道来源", "信息来源", "source", "leadsource"],
    "notes": ["备注", "说明", "notes", "note", "remarks", "remark", "comments", "comment"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码", "creditcode", "unifiedsocialcreditcode", "uscc"],
    "industry": ["行业", "所属行业", "industry"],
    "email": ["邮箱", "电子邮箱", "邮件", "email", "e-mail", "mail"],
}
_HEADER_NOISE = re.compile(r"[\s*:：_]|[(（](必填|选填|必须|可选|required|optional)[)）]")
_ALIAS_TO_FIELD = {_HEADER_NOISE.sub("", keys.fold(alias)): name
                   for name, aliases in _HEADER_ALIASES.items() for alias in aliases}

_KIND_LABELS = {
    CustomerKind.COMPANY: ["公司", "企业", "单位", "company", "enterprise"],
    CustomerKind.INDIVIDUAL: ["个人", "自然人", "individual", "person"],
    CustomerKind.PARTNER: ["代理商", "经销商", "分销商", "渠道", "渠道商", "合作伙伴", "partner", "channelpartner",
                           "dealer", "agent", "distributor"],
    CustomerKind.INTEGRATOR: ["系统集成商", "集成商", "integrator", "systemintegrator"],
    CustomerKind.CONTRACTOR: ["工程商", "工程公司", "contractor", "engineeringcontractor"],
    CustomerKind.INDUSTRY: ["行业客户", "行业", "industry", "industrycustomer"],
}
_SOURCE_LABELS = {
    CustomerSource.TRADE_FAIR: ["展会", "展览会", "tradefair", "fair", "exhibition"],
    CustomerSource.INTERNET: ["网络", "互联网", "网络平台", "internet", "internetplatform", "online"],
    CustomerSource.WEBSITE: ["官网", "网站", "website", "web"],
    CustomerSource.WECHAT: ["微信", "公众号", "wechat"],
    CustomerSource.REFERRAL: ["转介绍", "介绍", "推荐", "referral"],
    CustomerSource.TELEMARKETING: ["电话营销", "电销", "telemarketing"],
    CustomerSource.VISIT: ["拜访", "上门拜访", "陌拜", "visit"],
    CustomerSource.WALK_IN: ["来访", "上门", "walkin"],
    CustomerSource.OTHER: ["其他", "其它", "other"],
}


def _label_index(labels: dict) -> dict[str, str]:
    index = {}
    for code, names in labels.items():
        for text in [code, *names]:
            index[_HEADER_NOISE.sub("", keys.fold(text)).replace("-", "")] = str(code)
    return index


_KIND_INDEX = _label_index(_KIND_LABELS)
_SOURCE_INDEX = _label_index(_SOURCE_LABELS)


class UnreadableFile(ValueError):
    """The upload is not an Excel (.xlsx) or CSV file, or cannot be read."""


# -- files ------------------------------------------------------------------------------------------------------

def sniff(handle) -> str:
    """'xlsx' or 'csv' from the first bytes of an open binary file (left at its start); raises UnreadableFile."""
    handle.seek(0)
    head = handle.read(4096)
    handle.seek(0)
    if head.startswith(b"PK\x03\x04"):
        if not _is_xlsx(handle):
            raise UnreadableFile(_("This is not an Excel workbook (.xlsx)."))
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV and upload "
                               "it again."))
    if not head.strip() or b"\x00" in head or _binary(head):
        raise UnreadableFile(_("The file is not an Excel (.xlsx) or CSV file."))
    return "csv"


def _is_xlsx(handle) -> bool:
    try:
        with zipfile.ZipFile(handle) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        handle.seek(0)


def _binary(head: bytes) -> bool:
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > len(head) // 100


def detect_encoding(handle) -> str:
    """'utf-8-sig' when every byte decodes as UTF-8, else 'gb18030' (what Chinese Excel saves); scans in chunks."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(_SCAN_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    handle.seek(0)
    return encoding


def count_lines(handle) -> int:
    """Lines in a text file (an estimate of its rows, for the progress bar)."""
    handle.seek(0)
    count = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(_SCAN_CHUNK), b""))
    handle.seek(0)
    return count + 1


def iter_cells(handle, kind: str) -> Iterator[tuple[int, list[str]]]:
    """(row number as the spreadsheet shows it, cleaned cells) for every non-blank row of the first sheet."""
    rows, clean = (_xlsx_rows(handle), clean_cell) if kind == "xlsx" else (_csv_rows(handle), _clean_text)
    try:
        for number, row in enumerate(rows, start=1):
            cells = [clean(value) for value in row]
            if any(cells):
                yield number, cells
    finally:
        rows.close()


def estimate_rows(handle, kind: str) -> int:
    """Rows in the file (the last used row of the sheet; CSV lines), for the progress bar."""
    if kind == "csv":
        return count_lines(handle)
    try:
        return _first_sheet(handle).end[0] + 1
    finally:
        handle.seek(0)


def _first_sheet(handle):
    try:
        return python_calamine.load_workbook(handle).get_sheet_by_index(0)
    except python_calamine.CalamineError as exc:
        raise UnreadableFile(_("The Excel file cannot be read.")) from exc


def _xlsx_rows(handle) -> Iterator[list]:
    """The sheet's rows from row 1 (calamine keeps the values in Rust and hands over one row at a time)."""
    yield from _first_sheet(handle).iter_rows()


def _csv_rows(handle) -> Iterator[list[str]]:
    encoding = detect_encoding(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        sample = text.read(8192)
        text.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        try:
            yield from csv.reader(text, dialect)
        except csv.Error as exc:
            raise UnreadableFile(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    finally:
        text.detach()


# -- headers and mapping ----------------------------------------------------------------------------------------

def field_for_header(header: str) -> str:
    """The field a column header stands for ('' when unknown): '手机号码' -> 'phone', 'Company Name' -> 'name'."""
    return _ALIAS_TO_FIELD.get(_HEADER_NOISE.sub("", keys.fold(header)), "")


def detect_mapping(headers: list[str]) -> list[str]:
    """A field per column from its header; each field is taken by its first column only."""
    taken, mapping = set(), []
    for header in headers:
        name = field_for_header(header)
        mapping.append(name if name and name not in taken else "")
        taken.add(name)
    return mapping


def find_header(rows: list[list[str]]) -> int:
    """Index of the header row among the first rows: the first naming two known fields, else one (a title row may
    come first)."""
    known = [len({f for f in map(field_for_header, cells) if f}) for cells in rows]
    for wanted in (2, 1):
        for index, count in enumerate(known):
            if count >= wanted:
                return index
    return 0


@dataclass
class Preview:
    header_row: int  # spreadsheet row number of the header
    headers: list[str]
    mapping: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def preview(handle, kind: str, limit: int = PREVIEW_ROWS) -> Preview:
    """The header row, its detected mapping and the first data rows."""
    cells = iter_cells(handle, kind)
    try:
        head = list(itertools.islice(cells, HEADER_SCAN_ROWS + limit))
    finally:
        cells.close()
        handle.seek(0)
    if not head:
        raise UnreadableFile(_("The file has no rows."))
    index = find_header([c for _n, c in head[:HEADER_SCAN_ROWS]])
    number, headers = head[index]
    width = max(len(c) for _n, c in head)
    headers = headers + [""] * (width - len(headers))
    return Preview(number, headers, detect_mapping(headers), head[index + 1: index + 1 + limit])


def data_rows(handle, kind: str, header_row: int) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows below the header row."""
    rows = iter_cells(handle, kind)
    try:
        yield from ((number, cells) for number, cells in rows if number > header_row)
    finally:
        rows.close()


# -- cells ------------------------------------------------------------------------------------------------------

def clean_cell(value) -> str:
    """A cell as text: numbers without a trailing '.0', dates as YYYY-MM-DD, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _clean_text(value: str) -> str:
    """A CSV cell (always text) as clean_cell leaves text."""
    return value.replace("\u3000", " ").strip()


_SCIENTIFIC = re.compile(r"^(\d)(?:\.(\d+))?e\+?(\d+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-–—.()（）]")
_SEVERAL = re.compile(r"[/,;，；、|]")


def clean_phone(raw: str) -> str:
    """The phone as E.164 ('+8613812345678'); raises ValidationError with a message for the row report."""
    text = keys.fold(raw).strip()
    if not text:
        return ""
    text = _SEVERAL.split(text)[0].strip()
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        text = _from_scientific(scientific, raw.strip())
    text = re.sub(r"\.0+$", "", text)
    text = _SEPARATORS.sub("", text)
    if text.startswith("0086"):
        text = "+86" + text[4:]
    if not re.fullmatch(r"\+?\d{5,20}", text):
        raise ValidationError(_("“%(value)s” is not a phone number.") % {"value": raw})
    number = _parse_phone(text)
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("“%(value)s” is not a valid phone number.") % {"value": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_NATIONAL_MOBILE = re.compile(r"1\d{10}")


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    """The number in `text` (digits, maybe a leading +), None when unparsable. Eleven digits from 1 — how nearly
    every row gives a mobile — are the national number itself: built directly, as parsing them in CN gives the
    same number at a third of the cost (every invalid one stays invalid)."""
    if _NATIONAL_MOBILE.fullmatch(text) and DEFAULT_REGION == "CN":
        return phonenumbers.PhoneNumber(country_code=86, national_number=int(text))
    try:
        return phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def _from_scientific(match, raw: str) -> str:
    """'1.3812345678E+10' -> '13812345678'; a mantissa too short for the number (Excel's '1.38123E+10') lost digits."""
    tail, exponent = match.group(2) or "", int(match.group(3))
    if len(tail) < exponent:
        raise ValidationError(_("The phone was saved by Excel as a rounded number (%(value)s) and lost digits: "
                                "format the column as text and enter the full number.") % {"value": raw})
    try:
        return str(int(Decimal(match.group(0))))
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not a phone number.") % {"value": raw}) from exc


def _choice(raw: str, index: dict, what: str) -> str:
    if not raw:
        return ""
    code = index.get(_HEADER_NOISE.sub("", keys.fold(raw)).replace("-", ""))
    if code is None:
        raise ValidationError(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": raw})
    return code


@functools.lru_cache(maxsize=256)
def clean_kind(raw: str) -> str:
    """'代理商' -> 'partner', '公司' -> 'company'; '' when blank."""
    return _choice(raw, _KIND_INDEX, _("customer kind"))


@functools.lru_cache(maxsize=256)
def clean_source(raw: str) -> str:
    """'展会' -> 'trade_fair', '转介绍' -> 'referral'; '' when blank."""
    return _choice(raw, _SOURCE_INDEX, _("source"))


def resolve_place(province: str, city: str, district: str) -> tuple[dict[str, str], dict[str, str]]:
    """(division codes, errors by field) for free-text province / city / district names."""
    p, c, d = divisions.resolve(province, city, district)
    errors = {}
    named = divisions.get(province) if province.isdigit() else divisions.find(province)
    if province and (named is None or named.level != 1):
        errors["province"] = _("Unknown province “%(value)s”.") % {"value": province}
    if city and c is None:
        errors["city"] = _("Unknown city “%(value)s”.") % {"value": city}
    if district and d is None:
        errors["district"] = _("Unknown district “%(value)s”.") % {"value": district}
    if d is not None and c is None and not city:
        c = divisions.get(d.parent_code)
    if c is not None and p is None and not province:
        p = divisions.get(c.parent_code)
    if c is not None and p is not None and c.parent_code != p.code:
        errors["city"] = _("“%(city)s” is not in %(province)s.") % {"city": city, "province": p.name}
    if d is not None and c is not None and d.parent_code != c.code:
        errors["district"] = _("“%(district)s” is not in %(city)s.") % {"district": district, "city": c.name}
    codes = {"province_code": p.code if p else "", "city_code": c.code if c else "",
             "district_code": d.code if d else ""}
    return codes, errors


_MAX_LENGTHS = {"name": 120, "contact": 60, "address": 200, "industry": 60, "email": 254}


def parse_row(cells: list[str], mapping: list[str], places: dict | None = None) -> tuple[dict, dict[str, str]]:
    """(customer values incl. its name key, errors by field) for one data row; `places` memoises resolved addresses
    across rows."""
    raw = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(mapping) if name}
    values, errors = {}, {}
    for name, text in raw.items():
        if len(text) > _MAX_LENGTHS.get(name, 10_000):
            errors[name] = _("Longer than %(max)s characters.") % {"max": _MAX_LENGTHS[name]}
    values["name"] = " ".join(raw.get("name", "").split())
    values["name_key"] = keys.name_key(values["name"])
    if not values["name_key"]:
        errors["name"] = _("The customer name is missing.")
    for name, clean in [("phone", clean_phone), ("kind", clean_kind), ("source", clean_source),
                        ("credit_code", _clean_credit_code), ("email", _clean_email)]:
        try:
            values[name] = clean(raw.get(name, ""))
        except ValidationError as exc:
            errors.setdefault(name, " ".join(exc.messages))
    for name in ["contact", "address", "notes", "industry"]:
        values[name] = raw.get(name, "")
    place_key = (raw.get("province", ""), raw.get("city", ""), raw.get("district", ""))
    places = {} if places is None else places
    if place_key not in places:
        places[place_key] = resolve_place(*place_key)
    codes, place_errors = places[place_key]
    values.update(codes)
    for name, message in place_errors.items():
        errors.setdefault(name, message)
    return values, errors


def _clean_credit_code(raw: str) -> str:
    code = keys.fold(raw).upper().replace(" ", "")
    if code and not re.fullmatch(r"[0-9A-Z]{18}", code):
        raise ValidationError(_("A unified social credit code has 18 letters and digits."))
    return code


def _clean_email(raw: str) -> str:
    if raw:
        validate_email(raw)
    return raw


def mapping_from_names(headers: list[str], given: dict[str, str]) -> list[str]:
    """A column mapping from {header text or column number (1-based): field}; unnamed columns are ignored."""
    mapping = [""] * len(headers)
    for column, name in given.items():
        if str(column).isascii() and str(column).isdigit() and 1 <= int(column) <= len(headers):
            index = int(column) - 1
        elif column in headers:
            index = headers.index(column)
        else:
            raise ValidationError(_("The file has no column “%(column)s”.") % {"column": column})
        mapping[index] = name or ""
    return mapping


def check_mapping(mapping: list[str], width: int) -> None:
    """A mapping must give each column a known field or none, use no field twice and include the customer name."""
    if len(mapping) != width:
        raise ValidationError(_("Give a field (or none) for each of the %(n)s columns.") % {"n": width})
    unknown = sorted({name for name in mapping if name and name not in FIELDS})
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    twice = sorted({str(FIELDS[name]) for name in mapping if name and mapping.count(name) > 1})
    if twice:
        raise ValidationError(_("Each field may come from one column only: %(fields)s.") % {"fields": ", ".join(twice)})
    if REQUIRED_FIELD not in mapping:
        raise ValidationError(_("No column holds the customer name (客户名称): choose it in the mapping."))
