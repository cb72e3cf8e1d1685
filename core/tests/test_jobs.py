"""Running jobs' progress reaches other processes through the shared cache while the job's transaction is open."""

import pytest

from core import jobs
from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def make_job(status=JobStatus.RUNNING, progress=10) -> Job:
    return Job.objects.create(kind="test", status=status, progress=progress, counts={"created": 1})


def test_reported_progress_goes_to_the_row_and_the_shared_cache():
    job = make_job()
    jobs.report_progress(job.pk, 42, {"created": 7})
    job.refresh_from_db()
    assert (job.progress, job.counts) == (42, {"created": 7})
    seen = make_job()  # a reader whose row still says 10 (as another process sees before the commit)
    Job.objects.filter(pk=seen.pk).update(progress=10)
    jobs.report_progress(seen.pk, 75, {"created": 9})
    Job.objects.filter(pk=seen.pk).update(progress=10, counts={})
    seen.refresh_from_db()
    jobs.with_live_progress([seen])
    assert (seen.progress, seen.counts) == (75, {"created": 9})


def test_a_finished_job_shows_its_row_not_a_stale_report():
    job = make_job()
    jobs.report_progress(job.pk, 60, {"created": 3})
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress=100, counts={"created": 5})
    job.refresh_from_db()
    jobs.with_live_progress([job])
    assert (job.progress, job.counts) == (100, {"created": 5})


def test_a_report_behind_the_row_never_moves_progress_back_and_forget_clears_it():
    job = make_job(progress=80)
    jobs.report_progress(job.pk, 30, {})
    Job.objects.filter(pk=job.pk).update(progress=80)
    job.refresh_from_db()
    jobs.with_live_progress([job])
    assert job.progress == 80
    jobs.forget_progress(job.pk)
    Job.objects.filter(pk=job.pk).update(progress=5)
    job.refresh_from_db()
    jobs.with_live_progress([job])
    assert job.progress == 5
