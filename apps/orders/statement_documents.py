"""A statement as a document: the Excel download and the PDF (Chinese font), shared by the pages and the API."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.exports import xlsx_response
from core.money import format_cny
from core.pdf import PdfTable, pdf_response, render_pdf

from .models import Statement


def _summary(statement: Statement) -> list[tuple[str, str]]:
    return [(_("Customer"), statement.customer.name),
            (_("Period"), f"{statement.period_start:%Y-%m-%d} — {statement.period_end:%Y-%m-%d}"),
            (_("Opening balance"), format_cny(statement.opening_balance)),
            (_("Shipments"), format_cny(statement.shipments)),
            (_("Returns"), format_cny(statement.returns)),
            (_("Payments"), format_cny(statement.payments)),
            (_("Rebates"), format_cny(statement.rebates)),
            (_("Other adjustments"), format_cny(statement.other)),
            (_("Closing balance"), format_cny(statement.closing_balance)),
            (_("Status"), statement.get_status_display())]


def _line_headers() -> list[str]:
    return [_("Date"), _("Kind"), _("Document"), _("Description"), _("Debit"), pgettext("ledger column", "Credit"),
            _("Balance")]


def statement_xlsx(request, statement: Statement):
    """The statement as an .xlsx: the summary on top, then every line with its running balance."""
    def rows():
        for label, value in _summary(statement)[1:]:
            yield [label, value]
        yield []
        yield _line_headers()
        for line in statement.lines.all():
            yield [line.on, line.get_kind_display(), line.reference, line.description, line.debit, line.credit,
                   line.balance]

    return xlsx_response(request, name=statement.number, headers=[_("Statement"), statement.number], rows=rows(),
                         filename=statement.number)


def statement_pdf(request, statement: Statement):
    lines = [[f"{line.on:%Y-%m-%d}", line.get_kind_display(), line.reference, line.description,
              format_cny(line.debit) if line.debit else "", format_cny(line.credit) if line.credit else "",
              format_cny(line.balance)] for line in statement.lines.all()]
    content = render_pdf(
        title=_("Statement of account %(number)s") % {"number": statement.number}, fields=_summary(statement),
        tables=[PdfTable(headers=_line_headers(), rows=lines, title=_("Documents of the period"),
                         widths=[2, 1.4, 2.6, 3.4, 1.8, 1.8, 1.9], align=["L", "L", "L", "L", "R", "R", "R"])],
        landscape=True, footer=_("Marketing Center"))
    return pdf_response(request, content=content, filename=statement.number, target=f"statement {statement.pk}")
