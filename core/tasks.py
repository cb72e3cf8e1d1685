"""Background work on django-tasks: retrying tasks and periodic schedules declared in code.

Each app declares its periodic jobs in its own `tasks.py` as `SCHEDULES = [Schedule(...)]`; the scheduler
(`manage.py run_background`) collects them from every installed app.
"""

import datetime
import functools
import logging
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models.schedule import ScheduledRun

log = logging.getLogger(__name__)


def retrying_task(*, max_attempts: int = 3, backoff_seconds: int = 60, **task_options):
    """Like @task(), but a failure is logged and the task is re-enqueued with backoff, up to max_attempts."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                log.exception("Task %s failed (attempt %d of %d)", function.__name__, _attempt, max_attempts)
                if _attempt < max_attempts:
                    retry = wrapped
                    if retry.get_backend().supports_defer:
                        delay = datetime.timedelta(seconds=backoff_seconds * 2 ** (_attempt - 1))
                        retry = wrapped.using(run_after=timezone.now() + delay)
                    retry.enqueue(*args, _attempt=_attempt + 1, **kwargs)
                raise

        wrapped = task(**task_options)(run)
        return wrapped

    return decorate


@dataclass(frozen=True)
class Schedule:
    """A periodic job: run `task` every `every`, or daily at local time `at` (then `every` is ignored)."""

    name: str
    task: object
    every: datetime.timedelta = datetime.timedelta(days=1)
    at: datetime.time | None = None

    def is_due(self, last: datetime.datetime | None, now: datetime.datetime) -> bool:
        if self.at is None:
            return last is None or now - last >= self.every
        local_now = timezone.localtime(now)
        today_at = local_now.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return local_now >= today_at and (last is None or timezone.localtime(last) < today_at)


def collect_schedules() -> list[Schedule]:
    schedules = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        schedules.extend(getattr(module, "SCHEDULES", []))
    return schedules


def enqueue_due(schedules: list[Schedule], now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each due schedule once; returns the names enqueued."""
    now = now or timezone.now()
    last_runs = dict(ScheduledRun.objects.values_list("name", "last_enqueued_at"))
    enqueued = []
    for schedule in schedules:
        last = last_runs.get(schedule.name)
        if not schedule.is_due(last, now):
            continue
        with transaction.atomic():
            if last is None:
                try:
                    with transaction.atomic():
                        ScheduledRun.objects.create(name=schedule.name, last_enqueued_at=now)
                except IntegrityError:
                    continue
            elif not ScheduledRun.objects.filter(name=schedule.name, last_enqueued_at=last).update(
                last_enqueued_at=now
            ):
                continue  # another scheduler got there first
            schedule.task.enqueue()
        enqueued.append(schedule.name)
    return enqueued


@task()
def clear_expired_sessions() -> None:
    """Housekeeping: drop expired login sessions."""
    from django.contrib.sessions.models import Session

    Session.objects.filter(expire_date__lt=timezone.now()).delete()


@task()
def purge_idempotency_records() -> int:
    """Housekeeping: drop stored Idempotency-Key responses past their time to live."""
    from .api.idempotency import purge_expired

    return purge_expired()


SCHEDULES = [
    Schedule("core.clear_expired_sessions", clear_expired_sessions, at=datetime.time(3, 0)),
    Schedule("core.purge_idempotency_records", purge_idempotency_records, at=datetime.time(3, 10)),
]
