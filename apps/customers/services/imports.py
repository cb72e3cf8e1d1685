"""Customer import: an uploaded file becomes a job that is previewed, started, and run in the background.

The run reads the file as a stream in batches and cleans every row once (import_cleaning: values, errors, dedupe and
search keys; a large file in worker processes), then dedupes it against the file so far and against the archive
(one statement of `IN` lists per batch, never a query per row). In valid-rows mode each batch's good rows are
inserted at once, with their history, in their own transaction (services.bulk_insert: COPY on PostgreSQL); in
all-or-nothing mode the good rows are kept in a temporary file until the whole file has been checked, and are
written in one transaction only when no row was refused — checked against the archive once more, as it may have
changed meanwhile.
"""

import functools
import itertools
import logging
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.org import selectors as org_selectors
from core import jobs
from core.models import Job, JobStatus
from core.notify import notify

from .. import import_cleaning, import_workbooks, importing
from ..import_cleaning import CleanRow
from ..models import Contact, Customer
from .bulk_insert import insert_with_history

log = logging.getLogger(__name__)

IMPORT_KIND = "customers.import"
BATCH_SIZE = 2_000
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


def _run(job: Job) -> "_Import":
    """Valid-rows mode writes each checked batch at once; otherwise every row is checked first (the good ones kept
    in a temporary file), and only a file without a refused row is written, in one transaction."""
    mode, dry_run = job.params["mode"], job.params["dry_run"]
    run = _Import(job)
    try:
        if mode == ImportMode.VALID_ROWS and not dry_run:
            return run.check(span=(0, 100), then=run.write)
        with tempfile.TemporaryFile() as kept:
            run.check(span=(0, 100 if dry_run else 50), then=None if dry_run else functools.partial(_keep, kept))
            if dry_run or run.refused:
                return run
            try:
                with transaction.atomic():
                    run.write_kept(kept, span=(50, 100))
                    if run.refused:  # the archive changed since the check
                        raise _Rollback
            except _Rollback:
                run.counts["created"] = 0
            return run
    finally:
        run.report.close()


def _keep(handle, rows: list[CleanRow]) -> None:
    pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _kept(handle) -> Iterator[list[CleanRow]]:
    handle.seek(0)
    while True:
        try:
            yield pickle.load(handle)
        except EOFError:
            return


class _Import:
    """One import run: every row cleaned once, checked and deduplicated (against the file so far and the archive),
    refused rows reported; the good ones handed on in batches to be written now or kept for later."""

    def __init__(self, job: Job):
        self.job = job
        self.actor = job.created_by
        self.mapping = job.params["mapping"]
        self.headers = job.params["headers"]
        self.columns = {name: self.headers[i] or str(importing.FIELDS[name])
                        for i, name in enumerate(self.mapping) if name}
        self.counts = Counter(created=0, duplicates=0, errors=0, valid=0)
        self.total = 0
        self.seen: dict[str, dict[str, int]] = {"phone": {}, "credit_code": {}, "name": {}}
        self.regions: dict = {}
        self.unit = org_selectors.unit_of(self.actor) if self.actor else None
        self.report_file = tempfile.TemporaryFile()  # noqa: SIM115  (kept until the job stores it)
        self.report = import_workbooks.ErrorReport(self.report_file, self.headers)

    @property
    def refused(self) -> int:
        return self.counts["duplicates"] + self.counts["errors"]

    def check(self, *, span: tuple[int, int], then) -> "_Import":
        """Read, clean and check the whole file; `then(good rows)` after each batch."""
        kind, header_row = self.job.params["file_kind"], self.job.params["header_row"]
        with self.job.input_file.open("rb") as handle:
            rows = importing.data_rows(handle, kind, header_row)
            batches = iter(lambda: list(itertools.islice(rows, BATCH_SIZE)), [])
            for batch in import_cleaning.cleaned_batches(batches, self.mapping, expected_rows=self.job.total):
                self.total += len(batch)
                good = self._check(batch)
                if then is not None and good:
                    then(good)
                self._progress(span, self.total)
        return self

    def _check(self, batch: list[CleanRow]) -> list[CleanRow]:
        existing = _existing_keys([row.keys for row in batch if not row.errors])
        good = []
        for row in batch:
            if row.errors:
                self.counts["errors"] += 1
                for name, message in row.errors.items():
                    self._refuse(row, name, message)
                continue
            duplicate = self._duplicate(row.keys, existing)
            if duplicate:
                self.counts["duplicates"] += 1
                self._refuse(row, *duplicate)
                continue
            for name, key in row.keys.items():
                if key:
                    self.seen[name][key] = row.number
            good.append(row)
        self.counts["valid"] += len(good)
        return good

    def _duplicate(self, row_keys: dict[str, str], existing: dict[str, dict[str, int]]) -> tuple[str, str] | None:
        for name, key in row_keys.items():
            if key and key in self.seen[name]:
                return name, _("Same %(what)s as row %(row)s of this file.") % {
                    "what": str(_KEY_LABELS[name]), "row": self.seen[name][key]}
            if key and key in existing[name]:
                return name, _("Customer #%(id)s in the archive already has this %(what)s.") % {
                    "id": existing[name][key], "what": str(_KEY_LABELS[name])}
        return None

    def _refuse(self, row: CleanRow, name: str, message: str) -> None:
        index = self.mapping.index(name) if name in self.mapping else None
        value = row.cells[index] if index is not None and index < len(row.cells) else ""
        self.report.add(row.number, self.columns.get(name, str(importing.FIELDS.get(name, name))), value, message,
                        row.cells)

    def write_kept(self, handle, *, span: tuple[int, int]) -> None:
        """Write the kept rows, checking them against the archive again (it may have changed since the check)."""
        done = 0
        for batch in _kept(handle):
            existing = _existing_keys([row.keys for row in batch])
            good = []
            for row in batch:
                duplicate = next(((name, key) for name, key in row.keys.items() if key and key in existing[name]),
                                 None)
                if duplicate is None:
                    good.append(row)
                    continue
                name, key = duplicate
                self.counts["duplicates"] += 1
                self.counts["valid"] -= 1
                self._refuse(row, name, _("Customer #%(id)s in the archive already has this %(what)s.") % {
                    "id": existing[name][key], "what": str(_KEY_LABELS[name])})
            if not self.refused:
                self.write(good)
            done += len(batch)
            self._progress(span, done)

    def write(self, rows: list[CleanRow]) -> None:
        """Insert checked rows as customers (and their contacts) with their history rows."""
        now = timezone.now()
        actor_id = self.actor.pk if self.actor else None
        reason = _("Imported from %(file)s") % {"file": self.job.params["filename"]}
        shared = {"owner_id": actor_id, "org_unit_id": self.unit.pk if self.unit else None,
                  "created_by_id": actor_id, "updated_by_id": actor_id}
        customers = [{**row.customer, "region_id": self._region(row.customer["province"], row.customer["city"])}
                     for row in rows]
        with transaction.atomic():
            ids = insert_with_history(Customer, customers, shared=shared, now=now, user=self.actor, reason=reason)
            contacts = [_contact(pk, row) for pk, row in zip(ids, rows, strict=True) if row.contact]
            insert_with_history(Contact, contacts, shared={"created_by_id": actor_id, "updated_by_id": actor_id},
                                now=now, user=self.actor, reason=reason)
        self.counts["created"] += len(ids)

    def _region(self, province: str, city: str) -> int | None:
        if (province, city) not in self.regions:
            region = org_selectors.region_for_location(province, city)
            self.regions[(province, city)] = region.pk if region else None
        return self.regions[(province, city)]

    def _progress(self, span: tuple[int, int], done: int) -> None:
        start, end = span
        share = min(done / max(self.job.total, 1), 1)
        progress = min(start + int((end - start) * share), end - 1)
        jobs.report_progress(self.job.pk, progress, self.public_counts())

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


_KEY_LABELS = {"phone": gettext_lazy("phone"), "credit_code": gettext_lazy("credit code"), "name": gettext_lazy("name")}


def _contact(customer_id: int, row: CleanRow) -> dict:
    customer = row.customer
    return {"customer_id": customer_id, "name": row.contact, "phone": customer["phone"],
            "phone_digits": customer["phone_digits"], "phone_reversed": customer["phone_reversed"],
            "is_primary": True}


def _existing_keys(rows: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """The batch's keys already in the archive (phones of customers and of their contacts), key -> customer id.

    One statement of plain `IN` lists (the ORM spends longer preparing thousands of parameters than the database
    takes to look them up)."""
    wanted = {name: sorted({row[name] for row in rows if row[name]}) for name in ("phone", "credit_code", "name")}
    found = {name: {} for name in wanted}
    customers, contacts = Customer._meta.db_table, Contact._meta.db_table
    parts, params = [], []
    if wanted["phone"]:  # contacts' phones first: a customer's own phone wins below
        parts.append(f"SELECT 0, ct.phone_digits, ct.customer_id FROM {contacts} ct JOIN {customers} c "
                     f"ON c.id = ct.customer_id WHERE c.merged_into_id IS NULL AND ct.phone_digits IN "
                     f"({', '.join(['%s'] * len(wanted['phone']))})")
        params += wanted["phone"]
    for kind, (name, column) in enumerate([("phone", "phone_digits"), ("credit_code", "credit_code"),
                                           ("name", "name_key")], start=1):
        if wanted[name]:
            parts.append(f"SELECT {kind}, {column}, id FROM {customers} WHERE merged_into_id IS NULL AND {column} IN "
                         f"({', '.join(['%s'] * len(wanted[name]))})")
            params += wanted[name]
    if not parts:
        return found
    names = ["phone", "phone", "credit_code", "name"]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1", params)
        for kind, key, customer_id in cursor.fetchall():
            found[names[kind]][key] = customer_id
    return found


def _finish(job: Job, result: _Import | None, *, status: str, message: str) -> None:
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
    jobs.forget_progress(job.pk)
    notify([job.created_by], title=_("Customer import finished"), body=message,
           url=reverse("customers:import-detail", args=[job.pk]),
           level="success" if status == JobStatus.SUCCEEDED else "warning")
