"""core.pdf: a title, header fields and tables as a PDF with an embedded Chinese font — never boxes."""

import io
import re

import pytest
from pypdf import PdfReader

from core import pdf
from core.models import AuditEvent
from core.pdf import CJKFontMissing, PdfTable, render_pdf

needs_font = pytest.mark.skipif(not pdf.cjk_font_available(),
                                reason="no CJK font installed (apt install fonts-noto-cjk)")


def _text(content: bytes) -> str:
    """All the document's text without whitespace (extractors space out CJK glyphs; pypdf adds NULs too)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


def _fonts(content: bytes) -> list[dict]:
    fonts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                fonts.append(descendant.get_object())
    return fonts


def _report(rows=3) -> bytes:
    return render_pdf(
        title="质量信息反馈表 2026-10", subtitle="按产品、型号、原因、地区",
        fields=[("期间", "2026-10-01 — 2026-10-31"), ("生成时间", "2026-11-01 06:30")],
        tables=[PdfTable(headers=["产品", "型号", "数量"],
                         rows=[["UV平板打印机", f"HC-{i:04d}", i] for i in range(rows)], title="按产品",
                         align=["L", "L", "R"], widths=[3, 2, 1], footer=["合计", "", rows]),
                PdfTable(headers=["原因"], rows=[], title="按原因")],
        footer="营销中心",
    )


@needs_font
def test_the_pdf_parses_and_carries_title_fields_tables_and_footer_as_text():
    content = _report()

    assert content.startswith(b"%PDF-")
    text = _text(content)
    for expected in ("质量信息反馈表2026-10", "按产品、型号、原因、地区", "期间2026-10-01—2026-10-31", "生成时间",
                     "按产品", "产品型号数量", "UV平板打印机HC-00022", "合计", "按原因", "营销中心", "1/1"):
        assert expected in text, expected


@needs_font
def test_the_cjk_font_is_embedded_as_a_subset_with_a_unicode_map():
    content = _report()

    fonts = _fonts(content)
    assert fonts, "no composite (CID) font in the document"
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
        assert re.match(r"^/[A-Z]{6}\+", font["/BaseFont"]), "font not subset"
    regular, _bold = pdf.find_cjk_font()
    if "NotoSansCJK" in regular.path:
        assert any("NotoSansCJKSC" in font["/BaseFont"] for font in fonts), "not the simplified-Chinese face"


@needs_font
def test_a_long_table_runs_onto_more_pages_with_page_numbers():
    content = _report(rows=120)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 3
    assert f"1/{len(reader.pages)}" in _text(content)
    assert "HC-0119" in _text(content)


def test_without_a_cjk_font_rendering_fails_with_a_clear_error(monkeypatch, settings):
    settings.PDF_CJK_FONT = None
    monkeypatch.setattr(pdf, "CANDIDATES", [])
    monkeypatch.setattr(pdf, "_fontconfig_candidates", lambda: [])
    pdf.find_cjk_font.cache_clear()
    try:
        with pytest.raises(CJKFontMissing, match="fonts-noto-cjk"):
            render_pdf(title="报表")
        assert pdf.cjk_font_available() is False
    finally:
        pdf.find_cjk_font.cache_clear()


def test_a_configured_font_without_chinese_glyphs_is_refused(settings, tmp_path):
    not_a_font = tmp_path / "plain.ttf"
    not_a_font.write_bytes(b"not a font")
    settings.PDF_CJK_FONT = str(not_a_font)
    pdf.find_cjk_font.cache_clear()
    try:
        with pytest.raises(CJKFontMissing, match="PDF_CJK_FONT"):
            pdf.find_cjk_font()
    finally:
        pdf.find_cjk_font.cache_clear()


@needs_font
@pytest.mark.django_db
def test_pdf_response_is_a_download_and_is_audited(rf):
    from core.testing.helpers import user

    request = rf.get("/reports/7/pdf/")
    request.user = user("cs_manager")
    response = pdf.pdf_response(request, content=_report(), filename="质量反馈", target="quality report 7")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(target="quality report 7")
    assert event.action == "export" and event.detail["format"] == "pdf"
