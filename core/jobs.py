"""Progress of running jobs that other processes can see while the job's own transaction is still open.

A job that writes everything in one transaction (an all-or-nothing import) cannot show its progress through its row:
nobody else sees the row's updates before the commit. So progress goes to the row and to the shared "jobs" cache
(files under var/cache, or Redis; config.settings.base.caches_for), and readers take whichever is further along.
"""

from collections.abc import Iterable

from django.core.cache import caches

from .models import Job, JobStatus

CACHE = "jobs"
KEPT_SECONDS = 24 * 3600  # far longer than any job runs; a finished job's row is the truth again


def _key(job_id: int) -> str:
    return f"job-progress:{job_id}"


def report_progress(job_id: int, progress: int, counts: dict) -> None:
    """Record a running job's progress (percent) and counts where every process can read them at once."""
    Job.objects.filter(pk=job_id).update(progress=progress, counts=counts)
    caches[CACHE].set(_key(job_id), {"progress": progress, "counts": counts}, KEPT_SECONDS)


def forget_progress(job_id: int) -> None:
    caches[CACHE].delete(_key(job_id))


def with_live_progress(jobs: Iterable[Job]) -> None:
    """Give the running ones among `jobs` the latest reported progress and counts (in place)."""
    running = {_key(job.pk): job for job in jobs if job.status == JobStatus.RUNNING}
    if not running:
        return
    for key, reported in caches[CACHE].get_many(list(running)).items():
        job = running[key]
        if reported["progress"] > job.progress:
            job.progress, job.counts = reported["progress"], reported["counts"]
