"""Excel exports: streamed with openpyxl's write-only mode and always audited."""

import tempfile

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook

from .audit import record_event
from .models.audit import AuditAction


def xlsx_response(request, *, name: str, headers: list[str], rows, filename: str) -> FileResponse:
    """Write `rows` (an iterable of lists) under `headers` to an .xlsx download and log the export."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=name[:31])
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it after streaming)
    workbook.save(handle)
    handle.seek(0)
    record_event(AuditAction.EXPORT, request=request, target=name, rows=count, query=request.GET.urlencode())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{stamp}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
