"""Customer import runs: all-or-nothing, valid rows only, trial runs, dedupe, messy files, 10,000 rows."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from apps.customers import services
from apps.customers.models import Contact, Customer
from core.models import Job, Notification
from core.testing import personas as p
from core.testing.helpers import max_queries, user

from .factories import make_customer
from .import_files import HEADERS, csv_bytes, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Import a file as the sales rep and run the background task; returns the finished job."""

    def go(content: bytes, name: str = "客户.xlsx", actor: str = p.NORTH_REP, **options) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.import_customers(actor=user(actor), upload=upload(content, name), **options)
        job.refresh_from_db()
        return job

    return go


def report(job: Job) -> list[tuple]:
    """The error report's lines: (row, column, value, problem)."""
    with job.result_file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
        return [tuple(line[:4]) for line in sheet.iter_rows(min_row=2, values_only=True)]


MESSY = [
    good_row(1),
    good_row(2, name=""),  # row 4: no name
    good_row(3, phone="12345"),  # row 5: bad phone
    good_row(4, province="火星"),  # row 6: unknown province
    good_row(5, phone="13700000001"),  # row 7: same phone as row 3 (good_row(1))
    good_row(6),
]


def test_all_or_nothing_writes_nothing_when_a_row_fails_and_reports_every_bad_row(run):
    before = Customer.objects.count()
    job = run(xlsx_bytes(MESSY, title="展会客户名单"))

    assert Customer.objects.count() == before
    assert job.status == "failed" and job.progress == 100
    assert job.counts == {"created": 0, "duplicates": 1, "errors": 3, "valid": 2}
    assert job.total == 6
    lines = report(job)
    assert [(row, column) for row, column, _v, _m in lines] == [
        (4, "客户名称"), (5, "手机"), (6, "省份"), (7, "手机")]
    assert "row 3" in lines[3][3]
    assert "nothing was imported" in job.message


def test_valid_rows_mode_imports_the_good_rows_and_skips_the_bad_ones(run):
    job = run(xlsx_bytes(MESSY), mode="valid_rows")

    assert job.status == "succeeded"
    assert job.counts["created"] == 2
    imported = Customer.objects.filter(name__startswith="导入测试").order_by("name")
    assert [c.name for c in imported] == ["导入测试00001有限公司", "导入测试00006有限公司"]
    assert len(report(job)) == 4


def test_a_clean_file_imports_every_row_with_keys_region_owner_contact_and_history(run):
    job = run(xlsx_bytes([good_row(1), good_row(2, province="北京", city="北京", district="海淀区",
                                                kind="代理商", source="转介绍")]))

    assert job.status == "succeeded" and job.counts["created"] == 2 and not job.result_file
    rep = user(p.NORTH_REP)
    customer = Customer.objects.get(name="导入测试00002有限公司")
    assert customer.owner == rep and customer.created_by == rep
    assert (customer.kind, customer.source) == ("partner", "referral")
    assert (customer.province, customer.city, customer.district) == ("北京市", "北京市", "海淀区")
    assert customer.region is not None and customer.region.name.startswith("北京")
    assert customer.org_unit is not None
    assert customer.phone == "+8613700000002" and customer.phone_digits == "13700000002"
    assert customer.name_initials.startswith("dr")
    assert customer.history.get().history_user == rep
    contact = Contact.objects.get(customer=customer)
    assert contact.is_primary and contact.name == "联系人2" and contact.history.count() == 1
    assert Notification.objects.filter(recipient=rep, title__isnull=False).exists()


def test_a_dry_run_checks_everything_and_writes_nothing(run):
    before = Customer.objects.count()
    job = run(xlsx_bytes([good_row(1), good_row(2)]), dry_run=True)
    assert Customer.objects.count() == before
    assert job.status == "succeeded" and job.counts == {"created": 0, "duplicates": 0, "errors": 0, "valid": 2}


@pytest.mark.parametrize("existing", [{"phone": "13700000001"}, {"name": "导入测试00001有限公司（深圳）"},
                                      {"phone": "13900000000", "credit_code": "91440300MA5ABCDE1X"}])
def test_rows_duplicating_the_archive_are_refused_naming_the_customer(run, existing):
    customer = make_customer(owner=p.SOUTH_REP, **existing)
    job = run(xlsx_bytes([good_row(1)], headers=[*HEADERS, "统一社会信用代码"]) if "credit_code" not in existing
              else xlsx_bytes([[*good_row(1), "91440300MA5ABCDE1X"]], headers=[*HEADERS, "统一社会信用代码"]))
    assert job.counts["duplicates"] == 1 and job.counts["created"] == 0
    assert f"#{customer.pk}" in report(job)[0][3]


def test_a_contacts_phone_counts_as_a_duplicate_too(run):
    customer = make_customer(contacts=[{"name": "王五", "phone": "13700000001"}])
    job = run(xlsx_bytes([good_row(1)]))
    assert f"#{customer.pk}" in report(job)[0][3]


def test_duplicates_within_the_file_are_refused_after_the_first(run):
    job = run(xlsx_bytes([good_row(1), good_row(2, name="导入测试00001有限公司"), good_row(3, phone="137-0000-0001")]),
              mode="valid_rows")
    assert job.counts == {"created": 1, "duplicates": 2, "errors": 0, "valid": 1}
    assert [line[0] for line in report(job)] == [3, 4]


def test_gbk_csv_with_a_title_row_and_numeric_looking_phones_imports(run):
    rows = [good_row(1, phone="13700000001.0"), good_row(2, phone="+86 137 0000 0002"),
            good_row(3, phone="0086１３７０００００００３")]
    content = ("客户导入表,,,,,,,,,\r\n".encode("gbk") + csv_bytes(rows, encoding="gbk"))
    job = run(content, name="客户.csv")
    assert job.status == "succeeded", job.message
    assert set(Customer.objects.filter(name__startswith="导入测试").values_list("phone", flat=True)) == {
        "+8613700000001", "+8613700000002", "+8613700000003"}


def test_a_file_with_wrong_columns_is_refused_before_any_work():
    content = xlsx_bytes([["a", "b"]], headers=["产品", "数量"])
    with pytest.raises(ValidationError) as caught:
        services.import_customers(actor=user(p.NORTH_REP), upload=upload(content))
    assert "客户名称" in str(caught.value.message_dict["mapping"])


def test_a_file_that_is_not_excel_is_refused_before_any_work():
    with pytest.raises(ValidationError) as caught:
        services.import_customers(actor=user(p.NORTH_REP), upload=upload(b"%PDF-1.4\x00\x00", "list.xlsx"))
    assert "file" in caught.value.message_dict
    assert not Job.objects.exists()


def test_an_uploaded_job_waits_for_its_start_and_starts_once(django_capture_on_commit_callbacks):
    rep = user(p.NORTH_REP)
    job = services.upload_import(actor=rep, upload=upload(xlsx_bytes([good_row(1)])))
    assert job.params["awaiting_start"] and job.status == "queued"
    assert job.params["mapping"][0] == "name"
    with django_capture_on_commit_callbacks(execute=True):
        services.start_import(actor=rep, job=job, mode="valid_rows", mapping=["name", *[""] * 9])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.counts["created"] == 1
    assert Customer.objects.get(name="导入测试00001有限公司").phone == ""  # the phone column was ignored
    with pytest.raises(ValidationError, match="already"):
        services.start_import(actor=rep, job=job)


def test_ten_thousand_rows_import_in_batches_with_few_queries(run):
    rows = [good_row(n) for n in range(1, 10_001)]
    rows[5000] = good_row(5001, phone="bad")
    content = csv_bytes(rows)
    with max_queries(500):
        job = run(content, name="big.csv", mode="valid_rows")
    assert job.total == 10_000
    assert job.counts == {"created": 9_999, "duplicates": 0, "errors": 1, "valid": 9_999}
    assert Customer.objects.filter(name__startswith="导入测试").count() == 9_999
    assert Customer.history.filter(name__startswith="导入测试").count() == 9_999
    assert report(job) == [(5002, "手机", "bad", "“bad” is not a phone number.")]


def test_ten_thousand_rows_all_or_nothing_write_nothing_for_one_bad_row(run):
    rows = [good_row(n) for n in range(1, 10_001)]
    rows[-1] = good_row(10_000, name="")
    before = Customer.objects.count()
    job = run(csv_bytes(rows), name="big.csv")
    assert job.status == "failed" and Customer.objects.count() == before
    assert report(job) == [(10_001, "客户名称", None, "The customer name is missing.")]


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_worker_processes_clean_a_large_file_with_the_same_outcome(run, monkeypatch, mode):
    monkeypatch.setattr("apps.customers.import_cleaning.PARALLEL_FROM_ROWS", 1)
    monkeypatch.setattr("apps.customers.services.imports.BATCH_SIZE", 2)
    job = run(xlsx_bytes(MESSY, title="展会客户名单"), mode=mode)

    assert job.counts == {"created": 0 if mode == "all_or_nothing" else 2, "duplicates": 1, "errors": 3, "valid": 2}
    assert [(row, column) for row, column, _v, _m in report(job)] == [(4, "客户名称"), (5, "手机"), (6, "省份"),
                                                                      (7, "手机")]


def test_a_row_the_archive_gained_during_the_check_fails_the_whole_import(run, monkeypatch):
    from apps.customers.services import imports

    keep = imports._keep

    def keep_while_someone_adds_a_customer(handle, rows):
        keep(handle, rows)
        make_customer(phone="13700000002")

    monkeypatch.setattr(imports, "_keep", keep_while_someone_adds_a_customer)
    before = Customer.objects.count()
    job = run(xlsx_bytes([good_row(1), good_row(2), good_row(3)]))

    assert job.status == "failed" and Customer.objects.count() == before + 1
    assert job.counts == {"created": 0, "duplicates": 1, "errors": 0, "valid": 2}
    assert [line[0] for line in report(job)] == [3]


def test_all_or_nothing_progress_keeps_moving_while_the_single_transaction_writes(run, monkeypatch):
    from core import jobs

    reported = []
    report_progress = jobs.report_progress
    monkeypatch.setattr("apps.customers.services.imports.BATCH_SIZE", 2)
    monkeypatch.setattr(jobs, "report_progress",
                        lambda job_id, progress, counts: reported.append(progress) or report_progress(
                            job_id, progress, counts))
    job = run(xlsx_bytes([good_row(n) for n in range(1, 9)]))

    assert job.status == "succeeded" and job.progress == 100
    assert reported == sorted(reported) and reported[-1] == 99 and any(50 < value < 99 for value in reported)
