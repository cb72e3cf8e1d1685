"""Import pages: upload, preview with the detected mapping, change the mapping, start, HTMX progress, report."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from apps.customers import import_workbooks, importing
from apps.customers.models import Customer
from core import jobs
from core.models import Job
from core.testing import personas as p
from core.testing.helpers import web_as as _web_as

from .import_files import good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def web_as(persona):
    client = _web_as(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def uploaded(client, content: bytes, name: str = "客户.xlsx") -> Job:
    response = client.post("/customers/imports/", {"file": upload(content, name)})
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.latest("pk")


def test_the_upload_page_needs_the_import_right():
    assert web_as(None).get("/customers/imports/").status_code == 302
    assert web_as(p.CS_AGENT).get("/customers/imports/").status_code == 403
    html = web_as(p.NORTH_REP).get("/customers/imports/").content.decode()
    assert 'id="import-upload"' in html and "/customers/imports/template/" in html


def test_the_template_download_is_a_workbook_with_the_recognised_headers():
    response = web_as(p.NORTH_REP).get("/customers/imports/template/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == import_workbooks.TEMPLATE_HEADERS
    assert importing.detect_mapping(headers)[:3] == ["name", "contact", "phone"]


def test_a_file_that_is_not_excel_is_refused_on_the_form():
    response = web_as(p.NORTH_REP).post("/customers/imports/", {"file": upload(b"\x00\x01\x02PDF", "a.xlsx")})
    assert response.status_code == 200
    assert "not an Excel" in response.content.decode()
    assert not Job.objects.exists()


def test_the_preview_shows_the_first_rows_and_the_detected_mapping():
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(n) for n in range(1, 31)], title="客户名单"))
    html = client.get(f"/customers/imports/{job.pk}/").content.decode()
    assert html.count("导入测试000") == 20  # the first 20 data rows
    assert '<option value="name" selected>' in html and '<option value="phone" selected>' in html
    assert "Headers in row 2" in html


def test_starting_with_a_changed_mapping_and_valid_rows_mode(django_capture_on_commit_callbacks):
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1), good_row(2, phone="bad")]))
    mapping = {f"column-{i}": field for i, field in enumerate(job.params["mapping"])}
    mapping["column-9"] = "industry"  # 备注 goes to industry instead
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/customers/imports/{job.pk}/start/", {**mapping, "mode": "valid_rows"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "succeeded" and job.counts["created"] == 1 and job.params["mapping"][9] == "industry"
    html = client.get(f"/customers/imports/{job.pk}/").content.decode()
    assert 'id="download-report"' in html and "“bad” is not a phone number." in html
    assert 'hx-trigger="every 1s"' not in html  # finished: no more polling


def test_a_mapping_without_the_name_is_shown_again_with_the_error():
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1)]))
    response = client.post(f"/customers/imports/{job.pk}/start/", {"column-0": "", "mode": "all_or_nothing"})
    assert response.status_code == 400
    assert "客户名称" in response.content.decode() and 'id="import-errors"' in response.content.decode()
    job.refresh_from_db()
    assert job.params["awaiting_start"]


def test_a_running_job_polls_and_htmx_gets_only_the_status_card():
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1)]))
    Job.objects.filter(pk=job.pk).update(params={**job.params, "awaiting_start": False}, status="running",
                                         progress=40)
    html = client.get(f"/customers/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and "40 %" in html
    partial = client.get(f"/customers/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-status"') and "<html" not in partial


def test_the_progress_page_shows_what_the_job_reported_before_its_transaction_commits():
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1)]))
    Job.objects.filter(pk=job.pk).update(params={**job.params, "awaiting_start": False}, status="running")
    jobs.report_progress(job.pk, 73, {"created": 0, "duplicates": 0, "errors": 0, "valid": 1})
    Job.objects.filter(pk=job.pk).update(progress=49)  # the row as other connections see it mid-transaction
    assert "73 %" in client.get(f"/customers/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "73 %" in client.get("/customers/imports/").content.decode()


def test_another_users_import_and_its_report_are_404(django_capture_on_commit_callbacks):
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1, phone="bad")]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/customers/imports/{job.pk}/start/", {
            **{f"column-{i}": f for i, f in enumerate(job.params["mapping"])}, "mode": "valid_rows"})
    assert client.get(f"/customers/imports/{job.pk}/report/").status_code == 200
    other = web_as(p.REGIONAL_MANAGER)
    assert other.get(f"/customers/imports/{job.pk}/").status_code == 404
    assert other.get(f"/customers/imports/{job.pk}/report/").status_code == 404
    assert web_as(p.ADMIN).get(f"/customers/imports/{job.pk}/report/").status_code == 200


def test_my_imports_are_listed_with_their_outcome(django_capture_on_commit_callbacks):
    client = web_as(p.NORTH_REP)
    job = uploaded(client, xlsx_bytes([good_row(1)]), name="展会名单.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/customers/imports/{job.pk}/start/", {
            **{f"column-{i}": f for i, f in enumerate(job.params["mapping"])}, "mode": "all_or_nothing"})
    html = client.get("/customers/imports/").content.decode()
    assert "展会名单.xlsx" in html and 'data-status="succeeded"' in html
    assert Customer.objects.filter(name="导入测试00001有限公司").exists()
    assert "展会名单.xlsx" not in web_as(p.SOUTH_REP).get("/customers/imports/").content.decode()
