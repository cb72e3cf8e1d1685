"""Import files for tests: .xlsx and .csv built in memory, messy the way real customer lists are."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADERS = ["客户名称", "联系人", "手机", "省份", "城市", "区县", "地址", "客户类型", "来源", "备注"]


def xlsx_bytes(rows: list[list], *, title: str | None = None, headers: list[str] | None = HEADERS) -> bytes:
    """A workbook with an optional title row, the headers and the rows (cells keep their Python types)."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig", headers: list[str] | None = HEADERS) -> bytes:
    lines = ([headers] if headers else []) + rows
    return "\r\n".join(",".join(str(cell) for cell in line) for line in lines).encode(encoding)


def upload(content: bytes, name: str = "客户.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def good_row(n: int, **changes) -> list:
    """A valid row with a unique name and mobile phone."""
    row = {"name": f"导入测试{n:05d}有限公司", "contact": f"联系人{n}", "phone": f"137{n:08d}", "province": "广东省",
           "city": "深圳市", "district": "南山区", "address": f"科技园{n}号", "kind": "公司", "source": "展会",
           "notes": ""}
    row.update(changes)
    return list(row.values())
