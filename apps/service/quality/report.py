"""The monthly quality feedback report (质量信息反馈表): which tickets are defects, their rows, and the Excel and
PDF files built from a report's rows. Reads and file building only; services/quality.py stores and sends."""

import datetime as dt
import io

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from core import rules as rule_data
from core.pdf import PdfTable, render_pdf

from ..choices import TicketKind
from ..models import Ticket, TicketCategory
from . import rules
from .selectors import month_bounds

CATEGORIES_RULE = "service.quality_report_categories"


def total_label() -> str:
    return pgettext("table footer", "Total")


def dimension_labels() -> dict[str, str]:
    return {"kind": _("Kind"), "product": _("Product"), "model": _("Model"), "category": _("Category"),
            "cause": _("Cause"), "region": _("Region")}


def product_category_paths(on: dt.date) -> list[str]:
    """Paths of the categories whose complaints count as product defects (parameter in force on `on`)."""
    names = [str(row.get("category", "")).strip() for row in rule_data.value(CATEGORIES_RULE, on)
             if isinstance(row, dict)]
    return list(TicketCategory.objects.filter(name__in=[n for n in names if n]).values_list("path", flat=True))


def defect_filter(on: dt.date) -> Q:
    """Repairs, complaints in a product category (or its sub-categories), and batch quality issues."""
    product = Q(pk__in=[])
    for path in product_category_paths(on):
        product |= Q(category__path__startswith=path)
    complaint = Q(kind=TicketKind.COMPLAINT) & (product | Q(batch_quality_issue=True))
    return Q(kind=TicketKind.REPAIR) | complaint


def defect_rows(period: dt.date) -> list[dict]:
    """The report's rows for the month starting at `period`: counts by kind, product, model, category, cause and
    region, with the English names of categories and regions alongside (one query)."""
    start, end = month_bounds(period)
    values = (Ticket.objects.filter(defect_filter(period), received_at__gte=start, received_at__lt=end)
              .values_list("kind", "product", "model_no", "category__name", "category__name_en", "cause",
                           "region__name", "region__name_en"))
    english: dict[str, str] = {}
    defects = []
    for kind, product, model, category, category_en, cause, region, region_en in values:
        english.update({category or "": category_en or "", region or "": region_en or ""})
        defects.append(rules.Defect(kind=kind, product=product, model=model, category=category or "",
                                    cause=cause, region=region or ""))
    rows = rules.aggregate_defects(defects)
    for row in rows:
        row["category_en"] = english.get(row["category"], "")
        row["region_en"] = english.get(row["region"], "")
    return rows


# -- presentation --------------------------------------------------------------------------------------------

def _english() -> bool:
    return (get_language() or "").startswith("en")


def shown(row: dict, key: str) -> str:
    """A row's value as shown to a reader: kinds by label, English names in English, "—" for blanks."""
    value = row.get(key, "")
    if key == "kind":
        return str(TicketKind(value).label) if value in TicketKind.values else value
    if key in ("category", "region") and _english():
        value = row.get(f"{key}_en") or value
    return value or "—"


def summary(rows: list[dict], dimension: str) -> list[dict]:
    """Counts by one dimension with their share of all defects, largest first, as readers see the values."""
    total = sum(r["count"] for r in rows) or 1
    merged: dict[str, int] = {}
    for row in rows:
        label = shown(row, dimension)
        merged[label] = merged.get(label, 0) + row["count"]
    ordered = sorted(merged.items(), key=lambda pair: (-pair[1], pair[0]))
    return [{"label": label, "count": count, "share": count * 100 / total} for label, count in ordered]


def detail_table(rows: list[dict]) -> tuple[list[str], list[list]]:
    labels = dimension_labels()
    headers = [labels[key] for key in rules.ROW_KEYS] + [_("Count")]
    return headers, [[shown(row, key) for key in rules.ROW_KEYS] + [row["count"]] for row in rows]


def title_for(period: dt.date) -> str:
    return _("Quality feedback report %(month)s") % {"month": f"{period:%Y-%m}"}


def _header_fields(report) -> list[tuple[str, str]]:
    start, end = report.period, rules.next_month(report.period) - dt.timedelta(days=1)
    generated = timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")
    return [(_("Period"), f"{start:%Y-%m-%d} — {end:%Y-%m-%d}"), (_("Generated at"), generated),
            (_("Version"), str(report.version)), (_("Defects"), str(report.defect_count)),
            (_("What is counted"),
             _("Repair requests, product complaints and batch quality issues received in the month"))]


def build_excel(report) -> bytes:
    """The report as an .xlsx workbook: the detail sheet, then one sheet per dimension."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = pgettext("report sheet", "Detail")[:31]
    bold = Font(bold=True)
    sheet.append([title_for(report.period)])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in _header_fields(report):
        sheet.append([label, value])
    sheet.append([])
    headers, body = detail_table(report.rows)
    sheet.append(headers)
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="E8EEF7")
    for cell in sheet[header_row]:
        cell.font, cell.fill = bold, fill
    for line in body:
        sheet.append(line)
    sheet.append([total_label()] + [""] * (len(headers) - 2) + [report.defect_count])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column, width in zip("ABCDEFG", (16, 24, 16, 18, 30, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    labels = dimension_labels()
    for dimension in rules.DIMENSIONS:
        tab = workbook.create_sheet(title=labels[dimension][:31])
        tab.append([labels[dimension], _("Count"), _("Share %")])
        for cell in tab[1]:
            cell.font, cell.fill = bold, fill
        for item in summary(report.rows, dimension):
            tab.append([item["label"], item["count"], round(item["share"], 1)])
        tab.column_dimensions["A"].width = 30
    for cell in sheet["A"]:
        cell.alignment = Alignment(vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_pdf(report) -> bytes:
    """The report as a PDF: header fields, the top of each dimension, and the detail rows."""
    labels = dimension_labels()
    tables = []
    for dimension in ("product", "category", "cause", "region"):
        items = summary(report.rows, dimension)
        tables.append(PdfTable(
            title=_("By %(dimension)s") % {"dimension": labels[dimension]},
            headers=[labels[dimension], _("Count"), _("Share %")], widths=[5, 1, 1], align=["L", "R", "R"],
            rows=[[item["label"], item["count"], f"{item['share']:.1f}%"] for item in items]))
    headers, body = detail_table(report.rows)
    tables.append(PdfTable(title=pgettext("report sheet", "Detail"), headers=headers, rows=body,
                           widths=[2, 3, 2, 2, 3, 1.5, 1],
                           align=["L", "L", "L", "L", "L", "L", "R"],
                           footer=[total_label(), "", "", "", "", "", report.defect_count]))
    return render_pdf(title=title_for(report.period), fields=_header_fields(report), tables=tables,
                      landscape=True, footer=_("Marketing Center · quality feedback report"),
                      empty_text=_("No defects this month."))
