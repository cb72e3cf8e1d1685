"""Import API: 202 with a job, the job's status and counts, the error report scoped to its creator, bad files."""

import pytest
from django.utils import translation

from apps.customers.models import Customer
from core import jobs
from core.models import Job
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

from .import_files import csv_bytes, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield
URL = "/api/v1/customers/imports/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def go(persona: str | None, content: bytes, name: str = "客户.xlsx", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return api_as(persona).post(URL, {"file": upload(content, name), **fields}, format="multipart",
                                        HTTP_ACCEPT_LANGUAGE="en")

    return go


def test_anonymous_gets_401(post):
    assert post(None, xlsx_bytes([good_row(1)])).status_code == 401


def test_a_role_without_the_import_right_gets_403(post):
    response = post(p.CS_AGENT, xlsx_bytes([good_row(1)]))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert api_as(p.CS_AGENT).get(URL).status_code == 403


def test_an_import_answers_202_with_the_job_and_its_link(post):
    response = post(p.NORTH_REP, xlsx_bytes([good_row(1), good_row(2, phone="123")]), mode="valid_rows")
    assert response.status_code == 202
    job = response.json()
    assert set(job) >= {"id", "status", "progress", "total", "created", "duplicates", "errors", "error_report"}
    assert job["status"] == "queued"  # the work happens in the background
    detail = finished(job)
    assert (detail["status"], detail["progress"], detail["total"]) == ("succeeded", 100, 2)
    assert (detail["created"], detail["duplicates"], detail["errors"]) == (1, 0, 1)
    assert detail["error_report"].endswith(f"{URL}{job['id']}/error-report/")
    report = api_as(p.NORTH_REP).get(detail["error_report"])
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")


def test_all_or_nothing_is_the_default_and_a_bad_row_fails_the_job(post):
    before = Customer.objects.count()
    job = post(p.NORTH_REP, csv_bytes([good_row(1), good_row(2, name="")]), name="a.csv").json()
    detail = api_as(p.NORTH_REP).get(f"{URL}{job['id']}/").json()
    assert (detail["status"], detail["mode"], detail["created"], detail["errors"]) == ("failed", "all_or_nothing", 0,
                                                                                       1)
    assert Customer.objects.count() == before


def finished(job: dict, persona: str = p.NORTH_REP) -> dict:
    return api_as(persona).get(f"{URL}{job['id']}/").json()


def test_a_dry_run_writes_nothing(post):
    before = Customer.objects.count()
    job = finished(post(p.NORTH_REP, xlsx_bytes([good_row(1)]), dry_run="true").json())
    assert job["dry_run"] and job["valid"] == 1 and job["created"] == 0
    assert Customer.objects.count() == before


def test_a_file_that_is_not_excel_answers_400_with_a_clear_message(post):
    response = post(p.NORTH_REP, b"%PDF-1.4\n\x00\x01binary", name="客户.xlsx")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "not an Excel" in body["fields"]["file"][0]
    assert not Job.objects.exists()


def test_a_file_without_a_name_column_answers_400_naming_the_mapping(post):
    response = post(p.NORTH_REP, xlsx_bytes([["x", "13800000000"]], headers=["产品", "手机"]))
    assert response.status_code == 400
    assert "mapping" in response.json()["fields"]


def test_a_mapping_can_name_the_columns(post):
    content = xlsx_bytes([["甲公司", "13700000001"]], headers=["单位全称", "手机"])
    job = finished(post(p.NORTH_REP, content, mapping='{"单位全称": "name", "手机": "phone"}').json())
    assert job["created"] == 1
    assert Customer.objects.get(name="甲公司").phone == "+8613700000001"


def test_an_unknown_mode_answers_400(post):
    response = post(p.NORTH_REP, xlsx_bytes([good_row(1)]), mode="some_rows")
    assert response.status_code == 400 and "mode" in response.json()["fields"]


def test_another_users_job_and_its_report_are_404(post):
    job = post(p.NORTH_REP, xlsx_bytes([good_row(1, phone="1")])).json()
    for persona in (p.SOUTH_REP, p.REGIONAL_MANAGER):
        assert api_as(persona).get(f"{URL}{job['id']}/").status_code == 404
        assert api_as(persona).get(f"{URL}{job['id']}/error-report/").status_code == 404
    assert api_as(p.ADMIN).get(f"{URL}{job['id']}/error-report/").status_code == 200


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_job_ids_answers_404(guess):
    assert api_as(p.NORTH_REP).get(f"{URL}{guess}/").status_code == 404


def test_a_job_without_errors_has_no_report(post):
    job = finished(post(p.NORTH_REP, xlsx_bytes([good_row(1)])).json())
    assert job["status"] == "succeeded" and job["error_report"] is None
    assert api_as(p.NORTH_REP).get(f"{URL}{job['id']}/error-report/").status_code == 404


def test_the_job_list_shows_only_my_jobs_without_n_plus_one(post):
    for n in range(3):
        post(p.NORTH_REP, xlsx_bytes([good_row(n + 1)]))
    post(p.SOUTH_REP, xlsx_bytes([good_row(9)]))
    client = api_as(p.NORTH_REP)
    with max_queries(8):
        body = client.get(URL).json()
    assert body["count"] == 3 and set(body) == {"count", "next", "previous", "results"}


def test_a_running_job_answers_the_progress_reported_before_its_transaction_commits(post):
    job = post(p.NORTH_REP, xlsx_bytes([good_row(1)])).json()
    Job.objects.filter(pk=job["id"]).update(status="running", progress=49)
    jobs.report_progress(job["id"], 81, {"created": 0, "duplicates": 0, "errors": 0, "valid": 1})
    Job.objects.filter(pk=job["id"]).update(progress=49)
    client = api_as(p.NORTH_REP)
    assert client.get(f"{URL}{job['id']}/").json()["progress"] == 81
    assert client.get(URL).json()["results"][0]["progress"] == 81


def test_the_schema_documents_the_import_and_pool_endpoints():
    schema = api_as(p.NORTH_REP).get("/api/schema/").content.decode()
    for path in ["/api/v1/customers/imports/", "/api/v1/customers/imports/{id}/error-report/",
                 "/api/v1/customer-pool/", "/api/v1/customer-pool/{id}/claim/", "/api/v1/customers/{id}/release/"]:
        assert path in schema
