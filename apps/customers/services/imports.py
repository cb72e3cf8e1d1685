"""Customer import: an uploaded file becomes a job that is previewed, started, and run in the background.

The run reads the file as a stream in batches: each row is cleaned and checked (importing.parse_row), deduplicated
against the file so far and against the archive (a few `__in` queries per batch, never one per row), then inserted
with its history in multi-row INSERTs (services.bulk_insert). In all-or-nothing mode a first pass checks everything
and a second pass writes everything in one transaction only when no row was refused; in valid-rows mode each batch
is written in its own transaction with the refused rows left out.
"""

import itertools
import logging
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.org import selectors as org_selectors
from core import divisions
from core.models import Job, JobStatus
from core.notify import notify

from .. import import_workbooks, importing, keys
from ..choices import CustomerKind
from ..models import Contact, Customer
from .bulk_insert import insert_with_history

log = logging.getLogger(__name__)

IMPORT_KIND = "customers.import"
BATCH_SIZE = 500
REPORT_PREVIEW_LINES = 100


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", gettext_lazy("All or nothing: import only if every row is good")
    VALID_ROWS = "valid_rows", gettext_lazy("Import the valid rows and skip the others")


def import_jobs_visible_to(user) -> QuerySet[Job]:
    """Import jobs a user may follow: their own; every job for administrators."""
    jobs = Job.objects.filter(kind=IMPORT_KIND).select_related("created_by")
    if not user.is_authenticated:
        return jobs.none()
    if user.is_superuser or user.has_perm("core.view_job"):
        return jobs
    return jobs.filter(created_by=user)


def upload_import(*, actor, upload) -> Job:
    """Keep an uploaded .xlsx/.csv as an import job awaiting its start, with the header row and mapping found."""
    try:
        kind = importing.sniff(upload)
        found = importing.preview(upload, kind)
        estimate = importing.estimate_rows(upload, kind)
    except importing.UnreadableFile as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    job = Job(kind=IMPORT_KIND, created_by=actor, total=max(estimate - found.header_row, 0), params={
        "file_kind": kind, "filename": Path(upload.name).name, "header_row": found.header_row,
        "headers": found.headers, "mapping": found.mapping, "awaiting_start": True,
        "mode": ImportMode.ALL_OR_NOTHING, "dry_run": False,
    })
    upload.seek(0)
    job.input_file.save(f"customers/{Path(upload.name).name}", upload, save=False)
    job.save()
    return job


def preview_rows(job: Job, limit: int = importing.PREVIEW_ROWS) -> list[tuple[int, list[str]]]:
    """The first data rows of an uploaded import, for the mapping screen."""
    with job.input_file.open("rb") as handle:
        rows = importing.data_rows(handle, job.params["file_kind"], job.params["header_row"])
        try:
            return list(itertools.islice(rows, limit))
        finally:
            rows.close()


@transaction.atomic
def start_import(*, actor, job: Job, mode: str = ImportMode.ALL_OR_NOTHING, dry_run: bool = False,
                 mapping: list[str] | None = None) -> Job:
    """Start an uploaded import in the background with the chosen column mapping and mode."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.params.get("awaiting_start"):
        raise ValidationError(_("This import has already been started."), code="already_started")
    if mode not in ImportMode.values:
        raise ValidationError({"mode": [_("Choose all_or_nothing or valid_rows.")]})
    mapping = job.params["mapping"] if mapping is None else mapping
    try:
        importing.check_mapping(mapping, len(job.params["headers"]))
    except ValidationError as exc:
        raise ValidationError({"mapping": exc.messages}) from exc
    job.params.update(mapping=mapping, mode=mode, dry_run=bool(dry_run), awaiting_start=False,
                      language=translation.get_language())
    job.save(update_fields=["params"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def import_customers(*, actor, upload, mode: str = ImportMode.ALL_OR_NOTHING, dry_run: bool = False,
                     mapping: dict[str, str] | None = None) -> Job:
    """Upload and start at once (the API): the mapping is detected unless given as {header: field}."""
    with transaction.atomic():
        job = upload_import(actor=actor, upload=upload)
        try:
            columns = None if mapping is None else _mapping_from(job, mapping)
            return start_import(actor=actor, job=job, mode=mode, dry_run=dry_run, mapping=columns)
        except ValidationError:
            job.input_file.delete(save=False)  # the job row is rolled back; its stored file must go too
            raise


def _mapping_from(job: Job, given: dict[str, str]) -> list[str]:
    try:
        return importing.mapping_from_names(job.params["headers"], given)
    except ValidationError as exc:
        raise ValidationError({"mapping": exc.messages}) from exc


def _enqueue(job_id: int) -> None:
    from ..tasks import import_customers_task  # the task module imports this one

    import_customers_task.enqueue(job_id)


def report_lines(job: Job, limit: int = REPORT_PREVIEW_LINES) -> list[list]:
    """The first lines of a finished job's error report (row, column, value, problem)."""
    if not job.result_file:
        return []
    with job.result_file.open("rb") as handle:
        return import_workbooks.read_report(handle, limit)


# -- the run ----------------------------------------------------------------------------------------------------

class _Rollback(Exception):
    """Raised inside the all-or-nothing transaction to undo it."""


def run_import(job_id: int) -> None:
    """Run a started import job (the background task's body)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, kind=IMPORT_KIND, status=JobStatus.QUEUED,
                                 params__awaiting_start=False).update(status=JobStatus.RUNNING, started_at=now)
    if not claimed:
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            result = _run(job)
        except importing.UnreadableFile as exc:
            _finish(job, None, status=JobStatus.FAILED, message=str(exc))
        except Exception:
            log.exception("Customer import %s failed", job_id)
            _finish(job, None, status=JobStatus.FAILED,
                    message=_("The import stopped on an unexpected error; rows written before it are kept only in "
                              "“import the valid rows” mode."))
            raise
        else:
            _finish(job, result, status=result.status(), message=result.message())


def _run(job: Job) -> "_Pass":
    mode, dry_run = job.params["mode"], job.params["dry_run"]
    if mode == ImportMode.VALID_ROWS and not dry_run:
        return _Pass(job, write=True, span=(0, 100)).run()
    checked = _Pass(job, write=False, span=(0, 100 if dry_run else 50)).run()
    if dry_run or checked.refused:
        return checked
    checked.report_file.close()
    written = _Pass(job, write=True, span=(50, 100))
    try:
        with transaction.atomic():
            written.run()
            if written.refused:  # the archive changed since the check
                raise _Rollback
    except _Rollback:
        written.counts["created"] = 0
    return written


class _Pass:
    """One read of the file: clean, check and dedupe every row; write the good ones when `write`."""

    def __init__(self, job: Job, *, write: bool, span: tuple[int, int]):
        self.job, self.write, self.span = job, write, span
        self.actor = job.created_by
        self.mapping = job.params["mapping"]
        self.headers = job.params["headers"]
        self.columns = {name: self.headers[i] or str(importing.FIELDS[name])
                        for i, name in enumerate(self.mapping) if name}
        self.counts = Counter(created=0, duplicates=0, errors=0, valid=0)
        self.total = 0
        self.seen: dict[str, dict[str, int]] = {"phone": {}, "credit_code": {}, "name": {}}
        self.places: dict = {}
        self.regions: dict = {}
        self.unit = org_selectors.unit_of(self.actor) if self.actor else None
        self.report_file = tempfile.TemporaryFile()  # noqa: SIM115  (kept until the job stores it)
        self.report = import_workbooks.ErrorReport(self.report_file, self.headers)

    @property
    def refused(self) -> int:
        return self.counts["duplicates"] + self.counts["errors"]

    def run(self) -> "_Pass":
        kind, header_row = self.job.params["file_kind"], self.job.params["header_row"]
        try:
            with self.job.input_file.open("rb") as handle:
                rows = importing.data_rows(handle, kind, header_row)
                while batch := list(itertools.islice(rows, BATCH_SIZE)):
                    self._batch(batch)
                    self._progress()
        finally:
            self.report.close()
        return self

    def _batch(self, batch: list[tuple[int, list[str]]]) -> None:
        self.total += len(batch)
        parsed = []
        for number, cells in batch:
            values, errors = importing.parse_row(cells, self.mapping, self.places)
            parsed.append((number, cells, values, errors, _row_keys(values)))
        existing = _existing_keys([row_keys for *_rest, row_keys in parsed])
        good = []
        for number, cells, values, errors, row_keys in parsed:
            if errors:
                self.counts["errors"] += 1
                for name, message in errors.items():
                    self._refuse(number, cells, name, message)
                continue
            duplicate = self._duplicate(row_keys, existing)
            if duplicate:
                self.counts["duplicates"] += 1
                self._refuse(number, cells, *duplicate)
                continue
            for name, key in row_keys.items():
                if key:
                    self.seen[name][key] = number
            good.append(values)
        self.counts["valid"] += len(good)
        if self.write and good:
            self._insert(good)

    def _duplicate(self, row_keys: dict[str, str], existing: dict[str, dict[str, int]]) -> tuple[str, str] | None:
        for name, key in row_keys.items():
            if not key:
                continue
            what = str(_KEY_LABELS[name])
            if key in self.seen[name]:
                return name, _("Same %(what)s as row %(row)s of this file.") % {"what": what,
                                                                                 "row": self.seen[name][key]}
            if key in existing[name]:
                return name, _("Customer #%(id)s in the archive already has this %(what)s.") % {
                    "id": existing[name][key], "what": what}
        return None

    def _refuse(self, number: int, cells: list[str], name: str, message: str) -> None:
        index = self.mapping.index(name) if name in self.mapping else None
        value = cells[index] if index is not None and index < len(cells) else ""
        self.report.add(number, self.columns.get(name, str(importing.FIELDS.get(name, name))), value, message, cells)

    def _insert(self, rows: list[dict]) -> None:
        now = timezone.now()
        actor_id = self.actor.pk if self.actor else None
        reason = _("Imported from %(file)s") % {"file": self.job.params["filename"]}
        shared = {"owner_id": actor_id, "org_unit_id": self.unit.pk if self.unit else None,
                  "created_by_id": actor_id, "updated_by_id": actor_id}
        with transaction.atomic():
            ids = insert_with_history(Customer, [self._customer(values) for values in rows], shared=shared,
                                      now=now, user=self.actor, reason=reason)
            contacts = [_contact(pk, values) for pk, values in zip(ids, rows, strict=True) if values["contact"]]
            insert_with_history(Contact, contacts, shared={"created_by_id": actor_id, "updated_by_id": actor_id},
                                now=now, user=self.actor, reason=reason)
        self.counts["created"] += len(ids)

    def _customer(self, values: dict) -> dict:
        """The row's database values, with the search keys and division names (as services.archive derives them)."""
        name = values["name"]
        pinyin, initials = keys.pinyin_keys(name)
        digits, reversed_digits = keys.phone_keys(values["phone"])
        places = {field: divisions.name(values[f"{field}_code"]) for field in ("province", "city", "district")}
        region = self._region(places["province"], places["city"])
        return {
            **{field: values[field] for field in _COPIED}, **places,
            "kind": values["kind"] or str(CustomerKind.COMPANY), "phone_digits": digits,
            "phone_reversed": reversed_digits, "name_key": values["name_key"], "name_pinyin": pinyin[:400],
            "name_initials": initials[:120],
            "region_id": region.pk if region else None,
        }

    def _region(self, province: str, city: str):
        if (province, city) not in self.regions:
            self.regions[(province, city)] = org_selectors.region_for_location(province, city)
        return self.regions[(province, city)]

    def _progress(self) -> None:
        start, end = self.span
        share = min(self.total / max(self.job.total, 1), 1)
        progress = min(start + int((end - start) * share), end - 1)
        Job.objects.filter(pk=self.job.pk).update(progress=progress, counts=self.public_counts())

    def public_counts(self) -> dict[str, int]:
        return dict(self.counts)

    def status(self) -> str:
        refused_all = self.job.params["mode"] == ImportMode.ALL_OR_NOTHING and not self.job.params["dry_run"]
        return JobStatus.FAILED if refused_all and self.refused else JobStatus.SUCCEEDED

    def message(self) -> str:
        numbers = {"created": self.counts["created"], "valid": self.counts["valid"], "refused": self.refused}
        if self.job.params["dry_run"]:
            return _("Trial run: %(valid)s rows would be imported, %(refused)s rows have problems.") % numbers
        if self.status() == JobStatus.FAILED:
            return _("%(refused)s rows have problems, so nothing was imported. Correct them using the error report, "
                     "or choose to import the valid rows only.") % numbers
        if self.refused:
            return _("%(created)s customers imported; %(refused)s rows skipped (see the error report).") % numbers
        return _("%(created)s customers imported.") % numbers


_COPIED = ["name", "source", "phone", "credit_code", "province_code", "city_code", "district_code", "address", "notes",
           "industry", "email"]
_KEY_LABELS = {"phone": gettext_lazy("phone"), "credit_code": gettext_lazy("credit code"), "name": gettext_lazy("name")}


def _contact(customer_id: int, values: dict) -> dict:
    digits, reversed_digits = keys.phone_keys(values["phone"])
    return {"customer_id": customer_id, "name": values["contact"], "phone": values["phone"], "phone_digits": digits,
            "phone_reversed": reversed_digits, "is_primary": True}


def _row_keys(values: dict) -> dict[str, str]:
    return {"phone": keys.phone_keys(values["phone"])[0] if values.get("phone") else "",
            "credit_code": values.get("credit_code", ""),
            "name": keys.name_key(values.get("name", ""))}


def _existing_keys(rows: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """The batch's keys already in the archive (phones of customers and of their contacts), key -> customer id."""
    wanted = {name: {row[name] for row in rows if row[name]} for name in ("phone", "credit_code", "name")}
    live = Customer.objects.filter(merged_into__isnull=True)
    found = {
        "phone": dict(Contact.objects.filter(customer__merged_into__isnull=True, phone_digits__in=wanted["phone"])
                      .values_list("phone_digits", "customer_id")),
        "credit_code": dict(live.filter(credit_code__in=wanted["credit_code"]).values_list("credit_code", "pk")),
        "name": dict(live.filter(name_key__in=wanted["name"]).values_list("name_key", "pk")),
    }
    found["phone"].update(live.filter(phone_digits__in=wanted["phone"]).values_list("phone_digits", "pk"))
    return found


def _finish(job: Job, result: _Pass | None, *, status: str, message: str) -> None:
    job.status, job.message, job.progress, job.finished_at = status, message, 100, timezone.now()
    fields = ["status", "message", "progress", "finished_at"]
    if result is not None:
        job.total, job.counts = result.total, result.public_counts()
        fields += ["total", "counts"]
        if result.refused:
            job.result_file.save(f"customers/import-{job.pk}-errors.xlsx", File(result.report_file), save=False)
            fields.append("result_file")
        result.report_file.close()
    job.save(update_fields=fields)
    notify([job.created_by], title=_("Customer import finished"), body=message,
           url=reverse("customers:import-detail", args=[job.pk]),
           level="success" if status == JobStatus.SUCCEEDED else "warning")
