"""Customer import pages: upload, preview with the column mapping, start, progress (HTMX polling) and the report."""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.jobs import with_live_progress
from core.models import JobStatus

from .. import access, import_workbooks, importing
from ..importing import XLSX
from ..services import imports


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel (.xlsx) or CSV file"),
                           help_text=gettext_lazy("CSV may be saved as UTF-8 or GBK (as Chinese Excel saves it)."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


def _require_import(user) -> None:
    if not access.can_import(user):
        raise PermissionDenied


def _job(request, pk: int):
    job = get_object_or_404(imports.import_jobs_visible_to(request.user), pk=pk)
    with_live_progress([job])
    return job


@login_required
def import_page(request):
    _require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.upload_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for error in exc.message_dict.get("file", exc.messages):
                form.add_error("file", error)
        else:
            return redirect("customers:import-detail", pk=job.pk)
    jobs = imports.import_jobs_visible_to(request.user).filter(created_by=request.user)
    page = Paginator(jobs, 10).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    with_live_progress(page.object_list)
    template = "customers/imports/upload.html#jobs" if request.htmx and not request.htmx.boosted else (
        "customers/imports/upload.html")
    return render(request, template, {"form": form, "page": page})


@login_required
def import_detail(request, pk):
    _require_import(request.user)
    job = _job(request, pk)
    if job.params.get("awaiting_start"):
        return render(request, "customers/imports/preview.html", _preview_context(job))
    context = {"job": job, "finished": job.status in {JobStatus.SUCCEEDED, JobStatus.FAILED},
               "counts": job.counts, "report": imports.report_lines(job) if job.result_file else []}
    if request.htmx and not request.htmx.boosted:
        return render(request, "customers/imports/detail.html#status", context)
    return render(request, "customers/imports/detail.html", context)


def _preview_context(job, errors=None, chosen=None) -> dict:
    headers = job.params["headers"]
    mapping = chosen or job.params["mapping"]
    return {
        "job": job, "columns": list(zip(headers, mapping, strict=True)), "fields": importing.FIELDS.items(),
        "rows": [(n, (cells + [""] * len(headers))[:len(headers)]) for n, cells in imports.preview_rows(job)],
        "modes": imports.ImportMode.choices, "mode": job.params.get("mode"), "errors": errors or [],
    }


@login_required
@require_POST
def import_start(request, pk):
    _require_import(request.user)
    job = _job(request, pk)
    mapping = [request.POST.get(f"column-{i}", "") for i in range(len(job.params["headers"]))]
    try:
        imports.start_import(actor=request.user, job=job, mode=request.POST.get("mode", ""),
                             dry_run=request.POST.get("dry_run") == "on", mapping=mapping)
    except ValidationError as exc:
        errors = exc.messages
        if not job.params.get("awaiting_start"):
            messages.error(request, " ".join(errors))
            return redirect("customers:import-detail", pk=job.pk)
        return render(request, "customers/imports/preview.html", _preview_context(job, errors, mapping), status=400)
    return redirect("customers:import-detail", pk=job.pk)


@login_required
def import_report(request, pk):
    """The per-row error report of an import, for its creator and administrators only."""
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=f"import-{job.pk}-errors.xlsx",
                        content_type=XLSX)


@login_required
def import_template(request):
    """An empty import file with the recognised headers and one sample row."""
    _require_import(request.user)
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it after streaming)
    import_workbooks.write_template(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=_("customer-import-template") + ".xlsx",
                        content_type=XLSX)
