"""A sales rep imports a messy Excel list in a real browser: preview, mapping, per-row report, download."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.customers.models import Customer
from core.testing import personas
from core.testing.browser import log_in, screenshot

from .factories import make_customer
from .import_files import good_row, xlsx_bytes

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def messy_file() -> bytes:
    rows = [
        good_row(1, phone=13700000001),  # a phone stored as a number
        good_row(2, phone="+86 137 0000 0002", kind="代理商", source="转介绍"),
        [None] * 10,  # a blank row
        good_row(3, name=""),  # row 6: no name
        good_row(4, phone="1.37E+10"),  # row 7: Excel rounded the phone
        good_row(5, province="火星"),  # row 8: unknown province
        good_row(6, phone="13900000009"),  # row 9: already in the archive
        good_row(7, phone="１３７０００００００２"),  # row 10: same phone as row 4, in full-width digits
        good_row(8),
    ]
    return xlsx_bytes(rows, title="2026 春季展会客户名单")


def test_a_messy_file_is_previewed_imported_row_by_row_and_its_report_downloaded(page, live_server):
    existing = make_customer(owner=personas.SOUTH_REP, phone="13900000009")
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/imports/")
    expect(page.locator("#sidebar-menu a[data-nav=customer-import]")).to_have_class(re.compile(r"\bactive\b"))
    screenshot(page, "import-upload")

    # upload: the title row is skipped and the columns are recognised
    page.set_input_files("#id_file", files=[{"name": "展会客户.xlsx", "mimeType": XLSX, "buffer": messy_file()}])
    page.click("#import-upload-submit")
    expect(page).to_have_url(re.compile(r"/customers/imports/\d+/$"))
    preview = page.locator("#import-preview")
    expect(preview.locator("tbody tr")).to_have_count(8)
    expect(page.locator("select[name=column-0]")).to_have_value("name")
    expect(page.locator("select[name=column-2]")).to_have_value("phone")
    expect(preview.locator("tbody tr").first.locator("td").nth(3)).to_have_text("13700000001")
    screenshot(page, "import-preview")

    # start in "import the valid rows" mode: the summary and the per-row report appear
    page.check("#mode-valid_rows")
    page.click("#import-start-submit")
    status = page.locator("#import-status")
    expect(status).to_have_attribute("data-finished", "1")
    expect(page.locator("#count-created")).to_have_text("3")
    expect(page.locator("#count-duplicates")).to_have_text("2")
    expect(page.locator("#count-errors")).to_have_text("3")
    rows = page.locator("#import-report tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0).locator("td").first).to_have_text("6")
    expect(rows.nth(3)).to_contain_text(f"#{existing.pk}")
    expect(rows.nth(4)).to_contain_text("4")
    screenshot(page, "import-report")

    # the report downloads as a workbook with every refused row
    with page.expect_download() as download:
        page.click("#download-report")
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(handle, read_only=True).worksheets[0]
        lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [line[0] for line in lines] == [6, 7, 8, 9, 10]
    assert Customer.objects.filter(name__startswith="导入测试", owner__username=personas.NORTH_REP).count() == 3

    # the import is listed on the upload page
    page.click("#import-another")
    expect(page.locator("#import-jobs")).to_contain_text("展会客户.xlsx")
    screenshot(page, "import-list")


def test_all_or_nothing_refuses_the_whole_file_and_says_why(page, live_server):
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/imports/")
    content = xlsx_bytes([good_row(1), good_row(2, phone="12")])
    page.set_input_files("#id_file", files=[{"name": "a.xlsx", "mimeType": XLSX, "buffer": content}])
    page.click("#import-upload-submit")
    page.click("#import-start-submit")
    expect(page.locator("#import-message")).to_have_class(re.compile(r"alert-danger"))
    expect(page.locator("#count-created")).to_have_text("0")
    assert not Customer.objects.filter(name__startswith="导入测试").exists()
    screenshot(page, "import-all-or-nothing")


def test_a_file_that_is_not_excel_is_refused_on_the_upload_form(page, live_server):
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/imports/")
    page.set_input_files("#id_file", files=[{"name": "合同.xlsx", "mimeType": XLSX, "buffer": b"%PDF-1.4\x00\x01"}])
    page.click("#import-upload-submit")
    expect(page.locator("#import-upload .invalid-feedback")).to_be_visible()
    screenshot(page, "import-not-excel")
