"""The monthly quality feedback report (质量信息反馈表): which tickets count, the rows, the Excel and PDF files,
regeneration, and the task on the 1st that builds last month's report and mails it to the departments."""

import datetime as dt
import io
import os
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.org import selectors as org_selectors
from apps.service import services as ticket_services
from apps.service import tasks
from apps.service.choices import TicketKind
from apps.service.models import QualityReport
from apps.service.quality import report
from apps.service.quality.rules import totals_by
from apps.service.services import quality as services
from core import pdf
from core import rules as rule_data
from core.testing.helpers import user

from .clock import frozen
from .factories import category, make_customer, make_ticket
from .quality_helpers import MONTH, at

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not pdf.cjk_font_available(), reason="no CJK font (apt install fonts-noto-cjk)")]
APRIL = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def defects():
    """March as the seed makes it: repairs of two products in two regions, product and service complaints."""
    regions = {r.code: r for r in org_selectors.list_regions()}
    beijing = make_customer(region=regions["beijing"])
    guangzhou = make_customer(region=regions["guangzhou"])

    def repair(customer, product, model, leaf, cause, day=5):
        ticket = make_ticket("cs_agent", kind="repair", customer=customer, received_at=at(day),
                             product=product, model_no=model, category=category(leaf), assign_to_me=True)
        return ticket_services.resolve_ticket(actor=user("cs_agent"), ticket=ticket, cause=cause)

    for _ in range(3):
        repair(beijing, "UV平板打印机", "HC-2513", "喷头与墨路", "喷头批次质量问题")
    repair(guangzhou, "UV平板打印机", "HC-2513", "喷头与墨路", "喷头批次质量问题")
    repair(guangzhou, "数码印刷机", "HC-D800", "电气故障", "电源板电容失效", day=31)
    make_ticket("cs_agent", kind="complaint", customer=beijing, received_at=at(8), product="写真机",
                model_no="HC-1800", category=category("耗材质量"))  # a product complaint: counts
    make_ticket("cs_agent", kind="complaint", customer=beijing, received_at=at(9), category=category("服务态度"),
                batch_quality_issue=True, product="写真机")  # a batch quality issue: counts
    make_ticket("cs_agent", kind="complaint", customer=beijing, received_at=at(9), category=category("服务态度"))
    make_ticket("cs_agent", kind="inquiry", customer=beijing, received_at=at(9), product="UV平板打印机")
    make_ticket("cs_agent", kind="repair", customer=beijing, received_at=at(1, month=APRIL), product="写真机")
    return {"beijing": beijing, "guangzhou": guangzhou}


def _row(rows, **match):
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


def test_repairs_product_complaints_and_batch_issues_of_the_month_are_counted(defects):
    rows = report.defect_rows(MONTH)

    assert sum(r["count"] for r in rows) == 7
    assert rows[0] == {"kind": "repair", "product": "UV平板打印机", "model": "HC-2513", "category": "喷头与墨路",
                       "cause": "喷头批次质量问题", "region": "北京大区", "count": 3,
                       "category_en": "Print head and ink system", "region_en": "Beijing region"}
    assert _row(rows, region="广州大区", product="UV平板打印机")["count"] == 1
    assert _row(rows, model="HC-D800")["cause"] == "电源板电容失效"
    assert _row(rows, kind="complaint", category="耗材质量")["product"] == "写真机"
    assert _row(rows, kind="complaint", category="服务态度")["count"] == 1  # only the batch quality issue


def test_the_categories_counted_are_a_dated_parameter(defects):
    rule_data.set_value(actor=user("cs_manager"), key=report.CATEGORIES_RULE, new_value=[{"category": "服务"}],
                        effective_from=MONTH)

    rows = report.defect_rows(MONTH)

    complaints = [r for r in rows if r["kind"] == "complaint"]
    assert totals_by(complaints, "category") == [("服务态度", 2)]  # the service complaints now


def _company_language(function, *args):
    """What `function` answers in the company's language, which the files and mails are written in."""
    with translation.override(settings.LANGUAGE_CODE):
        return function(*args)


def test_a_generated_report_keeps_its_rows_and_an_excel_and_a_pdf(defects):
    generated = services.generate_quality_report(actor=user("cs_supervisor"), period=MONTH)

    assert generated.period == MONTH and generated.version == 1 and generated.defect_count == 7
    assert generated.generated_by == user("cs_supervisor")
    title = _company_language(report.title_for, MONTH)
    labels = _company_language(report.dimension_labels)
    workbook = load_workbook(generated.excel.path)
    detail = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert detail[0][0] == title
    header = next(i for i, row in enumerate(detail) if row[0] == labels["kind"])
    assert detail[header + 1] == (_company_language(lambda: str(TicketKind.REPAIR.label)), "UV平板打印机",
                                  "HC-2513", "喷头与墨路", "喷头批次质量问题", "北京大区", 3)
    assert detail[-1][0] == _company_language(report.total_label) and detail[-1][-1] == 7
    assert [ws.title for ws in workbook.worksheets[1:]] == [labels[d] for d in ("product", "model", "category",
                                                                               "cause", "region")]
    assert list(workbook.worksheets[1].iter_rows(values_only=True))[1] == ("UV平板打印机", 4, 57.1)
    text = re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in PdfReader(generated.pdf.path).pages))
    assert re.sub(r"\s+", "", title) in text
    for expected in ("UV平板打印机", "HC-2513", "喷头批次质量问题", "北京大区", "电源板电容失效", "57.1%"):
        assert expected in text, expected


def test_regenerating_makes_a_new_version_of_the_same_record(defects, django_capture_on_commit_callbacks):
    first = services.generate_quality_report(actor=user("cs_supervisor"), period=MONTH)
    old_files = [first.excel.path, first.pdf.path]
    make_ticket("cs_agent", kind="repair", received_at=at(20), product="写真机", model_no="HC-1800")

    with django_capture_on_commit_callbacks(execute=True):
        second = services.generate_quality_report(actor=user("cs_manager"), period=MONTH)

    assert second.pk == first.pk and second.version == 2 and second.defect_count == 8
    assert QualityReport.objects.count() == 1
    assert second.excel.name.endswith("-v2.xlsx") and second.history.count() == 2
    assert not any(os.path.exists(path) for path in old_files)  # replaced, not piled up


def test_an_empty_month_still_gets_a_report():
    generated = services.generate_quality_report(actor=None, period=dt.date(2025, 2, 1))

    assert generated.defect_count == 0 and generated.rows == []
    assert PdfReader(generated.pdf.path).pages


def _recipients():
    rule_data.set_value(actor=user("cs_manager"), key=services.RECIPIENTS_RULE, effective_from=rule_data.SEED_DATE,
                        new_value=[{"department": "quality", "emails": "qa@example.com, qc@example.com"},
                                   {"department": "production", "emails": "plant@example.com"},
                                   {"department": "marketing", "emails": ""}])


def test_on_the_1st_the_task_builds_last_months_report_and_mails_each_department(defects,
                                                                                 django_capture_on_commit_callbacks):
    _recipients()

    with frozen(at(1, 6, month=APRIL)), django_capture_on_commit_callbacks(execute=True):
        report_id = tasks.monthly_quality_report.call()

    generated = QualityReport.objects.get(pk=report_id)
    assert generated.period == MONTH and generated.generated_by is None and generated.defect_count == 7
    assert sorted(m.to for m in mail.outbox) == [["plant@example.com"], ["qa@example.com", "qc@example.com"]]
    for message in mail.outbox:
        assert message.subject.startswith(_company_language(report.title_for, MONTH))
        names = [(name, kind) for name, _content, kind in message.attachments]
        assert names == [("quality-feedback-2026-03.xlsx", services.XLSX),
                         ("quality-feedback-2026-03.pdf", "application/pdf")]
        excel, document = message.attachments[0][1], message.attachments[1][1]
        assert load_workbook(io.BytesIO(excel)).worksheets[0]["A1"].value == _company_language(report.title_for, MONTH)
        assert document.startswith(b"%PDF-")
    generated.refresh_from_db()
    assert generated.sent_at is not None
    assert {s["department"] for s in generated.sent_to} == {"quality", "production"}


def test_the_task_leaves_a_month_already_reported_alone(defects, django_capture_on_commit_callbacks):
    _recipients()
    with frozen(at(1, 6, month=APRIL)), django_capture_on_commit_callbacks(execute=True):
        tasks.monthly_quality_report.call()
    sent = len(mail.outbox)

    with frozen(at(2, 6, month=APRIL)), django_capture_on_commit_callbacks(execute=True):
        again = tasks.monthly_quality_report.call()

    assert again is None and len(mail.outbox) == sent
    assert QualityReport.objects.get(period=MONTH).version == 1


def test_the_report_is_scheduled_daily_at_six_so_the_1st_is_never_missed():
    schedule = next(s for s in tasks.SCHEDULES if s.name == "service.monthly_quality_report")

    assert schedule.at == dt.time(6, 0)
    assert schedule.is_due(None, at(1, 6, month=APRIL))
    assert not schedule.is_due(at(1, 6, month=APRIL), at(1, 23, month=APRIL))
