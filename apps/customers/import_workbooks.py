"""Workbooks the customer import writes: the template to fill in and the per-row error report (streamed)."""

import itertools

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

TEMPLATE_HEADERS = ["客户名称", "联系人", "手机", "省份", "城市", "区县", "地址", "客户类型", "来源", "备注"]
TEMPLATE_SAMPLE = ["北京示例科技有限公司", "张伟", "13812345678", "北京市", "北京市", "海淀区", "中关村大街1号", "公司",
                   "展会", "2026春季展会名片"]


def write_template(handle) -> None:
    """An .xlsx with the headers the import recognises and one sample row; phones are a text column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "客户导入"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(TEMPLATE_SAMPLE)
    for column, header in enumerate(TEMPLATE_HEADERS, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(12, len(header) * 3)
        if header == "手机":
            for row in (1, 2):
                sheet.cell(row=row, column=column).number_format = "@"
    sheet.freeze_panes = "A2"
    workbook.save(handle)


class ErrorReport:
    """The per-row report of refused rows, streamed into an .xlsx: row, column, value, problem, then the row."""

    def __init__(self, handle, headers: list[str]):
        self.handle = handle
        self.rows = 0
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=str(_("Import errors"))[:31])
        self.sheet.append([str(_("Row")), str(_("Column")), str(_("Value")), str(_("Problem")), *headers])

    def add(self, number: int, column: str, value: str, problem: str, cells: list[str]) -> None:
        self.sheet.append([number, column, value, problem, *cells])
        self.rows += 1

    def close(self) -> None:
        self.workbook.save(self.handle)
        self.handle.seek(0)


def read_report(handle, limit: int) -> list[list]:
    """The first `limit` lines of an error report (row, column, value, problem)."""
    workbook = load_workbook(handle, read_only=True)
    try:
        lines = workbook.worksheets[0].iter_rows(min_row=2, max_col=4, values_only=True)
        return [["" if cell is None else cell for cell in line] for line in itertools.islice(lines, limit)]
    finally:
        workbook.close()
