"""PDF documents (reports, statements) with Chinese text: a title, header fields and tables, on fpdf2.

The CJK font is found on the machine and embedded (subset), so the file shows the same on any reader. With no
CJK font installed, rendering fails with `CJKFontMissing` instead of producing boxes ("tofu") for every character.

    from core.pdf import PdfTable, render_pdf, pdf_response

    content = render_pdf(
        title="质量信息反馈表 2026-10",
        fields=[("期间", "2026-10-01 — 2026-10-31"), ("生成时间", "2026-11-01 06:30")],
        tables=[PdfTable(headers=["产品", "型号", "数量"], rows=[["UV平板打印机", "HC-2513", 3]],
                         title="按产品", align=["L", "L", "R"], widths=[3, 2, 1])],
        landscape=False, footer="营销中心",
    )                                   # -> bytes of a PDF
    return pdf_response(request, content=content, filename="quality-2026-10", target="quality report 7")

A font of one's own: settings.PDF_CJK_FONT = "/path/to/font.ttc" (or a (path, face index) pair).
"""

import functools
import logging
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .audit import record_event
from .models.audit import AuditAction

# Where Debian/Ubuntu (fonts-noto-cjk, fonts-wqy-*, fonts-arphic-*) and Fedora put CJK fonts.
CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]
PROBE = "中文报表"  # characters the font must have (simplified Chinese)
FAMILY = "mc-cjk"
# fontTools logs every subsetting step at INFO; a report is not the place for that.
logging.getLogger("fontTools").setLevel(logging.WARNING)

MISSING_HELP = ("No CJK font found for PDF output: install Debian's fonts-noto-cjk (apt install fonts-noto-cjk) "
                "or set settings.PDF_CJK_FONT to a .ttf/.otf/.ttc font with Chinese glyphs.")


class CJKFontMissing(ImproperlyConfigured):
    """No font with Chinese glyphs is installed: a PDF would show boxes instead of text."""


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0  # the face inside a .ttc collection


@dataclass
class PdfTable:
    """A table of the document: `rows` are lists of cell values (str() is applied; None is blank)."""

    headers: Sequence[str]
    rows: Sequence[Sequence]
    title: str = ""
    widths: Sequence[float] | None = None  # relative column widths
    align: Sequence[str] | None = None  # per column: "L", "C" or "R"
    footer: Sequence | None = None  # a totals row, printed bold


def _has_glyphs(font, text: str) -> bool:
    cmap = font.getBestCmap() or {}
    return all(ord(ch) in cmap for ch in text)


def _pick_face(path: str, index: int | None = None) -> FontFace | None:
    """The face of `path` with Chinese glyphs, preferring simplified Chinese (SC/GB) in a collection."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.lower().endswith((".ttc", ".otc")):
            faces = TTCollection(path, lazy=True).fonts
            order = [index] if index is not None else sorted(
                range(len(faces)), key=lambda i: (not _is_simplified(faces[i]), _is_mono(faces[i]), i))
            return next((FontFace(path, i) for i in order if 0 <= i < len(faces) and _has_glyphs(faces[i], PROBE)),
                        None)
        return FontFace(path) if _has_glyphs(TTFont(path, lazy=True), PROBE) else None
    except (OSError, TTLibError):
        return None


def _is_simplified(font) -> bool:
    name = font["name"].getDebugName(1) or ""
    return any(tag in name for tag in (" SC", "GB", "Micro Hei", "Zen Hei"))


def _is_mono(font) -> bool:
    return "Mono" in (font["name"].getDebugName(1) or "")


def _fontconfig_candidates() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted({line.split(":")[0].strip() for line in listing.splitlines() if line.strip()})
    # Regular weights first, and fonts fpdf2 can embed (TrueType/OpenType outlines).
    return sorted((f for f in files if f.lower().endswith((".ttf", ".otf", ".ttc", ".otc"))),
                  key=lambda f: ("Bold" in f or "Light" in f or "Thin" in f or "Black" in f, f))


@functools.cache
def find_cjk_font() -> tuple[FontFace, FontFace]:
    """The (regular, bold) CJK faces to embed; bold is the regular face when no bold sibling exists.

    Raises CJKFontMissing when the machine has no font with Chinese glyphs."""
    configured = getattr(settings, "PDF_CJK_FONT", None)
    if configured:
        path, index = (configured, None) if isinstance(configured, str) else configured
        face = _pick_face(str(path), index)
        if face is None:
            raise CJKFontMissing(f"settings.PDF_CJK_FONT={configured!r} is not a readable font with Chinese glyphs.")
        return face, face
    for path in [*CANDIDATES, *_fontconfig_candidates()]:
        if Path(path).is_file() and (face := _pick_face(path)) is not None:
            bold_path = path.replace("Regular", "Bold")
            bold = _pick_face(bold_path, face.index) if bold_path != path and Path(bold_path).is_file() else None
            return face, bold or face
    raise CJKFontMissing(MISSING_HELP)


def cjk_font_available() -> bool:
    """Whether PDFs can be rendered here (tests of PDF output skip without a CJK font, as browser tests do)."""
    try:
        find_cjk_font()
    except CJKFontMissing:
        return False
    return True


def _new_document(*, landscape: bool, footer: str):
    from fpdf import FPDF

    regular, bold = find_cjk_font()

    class Document(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font(FAMILY, size=8)
            self.set_text_color(110, 117, 130)
            self.cell(0, 6, footer, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="R")

    pdf = Document(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", regular.path, collection_font_number=regular.index)
    pdf.add_font(FAMILY, "B", bold.path, collection_font_number=bold.index)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(14, 14, 14)
    return pdf


def _text(value) -> str:
    return "" if value is None else str(value)


def _fields(pdf, fields: Sequence[tuple[str, object]]) -> None:
    label_width = max((pdf.get_string_width(_text(label)) for label, _ in fields), default=0) + 4
    for label, value in fields:
        pdf.set_font(FAMILY, "B", 9.5)
        pdf.cell(label_width, 6, _text(label))
        pdf.set_font(FAMILY, "", 9.5)
        pdf.multi_cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _table(pdf, table: PdfTable) -> None:
    from fpdf.fonts import FontFace as Style

    if table.title:
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    columns = len(table.headers)
    align = list(table.align or ["L"] * columns)
    with pdf.table(col_widths=tuple(table.widths) if table.widths else None, text_align=tuple(align),
                   headings_style=Style(emphasis="BOLD", fill_color=(232, 238, 247)), line_height=5,
                   padding=1) as grid:
        heading = grid.row()
        for header in table.headers:
            heading.cell(_text(header), align="C")
        for values in table.rows:
            row = grid.row()
            for value in list(values)[:columns]:
                row.cell(_text(value))
        if table.footer:
            row = grid.row(style=Style(emphasis="BOLD"))
            for value in list(table.footer)[:columns]:
                row.cell(_text(value))
    pdf.ln(4)


def render_pdf(*, title: str, fields: Sequence[tuple[str, object]] = (), tables: Sequence[PdfTable] = (),
               subtitle: str = "", footer: str = "", landscape: bool = False, empty_text: str = "—") -> bytes:
    """A PDF with `title`, optional `subtitle`, the header `fields` (label, value) and `tables`, as bytes.

    Raises CJKFontMissing when no Chinese font is installed."""
    pdf = _new_document(landscape=landscape, footer=footer)
    pdf.set_title(title)
    pdf.set_creator("Marketing Center")
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(90, 98, 112)
        pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    if fields:
        _fields(pdf, fields)
    for table in tables:
        if table.rows:
            _table(pdf, table)
        else:
            if table.title:
                pdf.set_font(FAMILY, "B", 11)
                pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FAMILY, "", 9)
            pdf.cell(0, 6, empty_text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def pdf_response(request, *, content: bytes, filename: str, target: str = "", inline: bool = False) -> HttpResponse:
    """Send PDF bytes as a download (`filename` without extension, stamped with the time) and log the export."""
    record_event(AuditAction.EXPORT, request=request, target=target or filename, format="pdf", size=len(content))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, f"{filename}-{stamp}.pdf")
    return response
