import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tasks import task

from core.models import ScheduledRun
from core.tasks import Schedule, collect_schedules, enqueue_due, retrying_task

SH = ZoneInfo("Asia/Shanghai")
calls = []


@task()
def _record():
    calls.append("ran")


def at(hour, minute=0, day=25):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=SH)


def test_daily_schedule_is_due_once_after_its_time():
    schedule = Schedule("x", _record, at=datetime.time(3, 0))
    assert not schedule.is_due(None, at(2, 59))
    assert schedule.is_due(None, at(3, 0))
    assert not schedule.is_due(at(3, 0), at(23, 0))
    assert schedule.is_due(at(3, 0), at(3, 1, day=26))


def test_interval_schedule_waits_its_interval():
    schedule = Schedule("y", _record, every=datetime.timedelta(minutes=15))
    assert schedule.is_due(None, at(9))
    assert not schedule.is_due(at(9), at(9, 14))
    assert schedule.is_due(at(9), at(9, 15))


@pytest.mark.django_db
def test_enqueue_due_runs_each_job_once_per_period():
    calls.clear()
    schedules = [Schedule("core.test_job", _record, at=datetime.time(3, 0))]
    assert enqueue_due(schedules, now=at(4)) == ["core.test_job"]
    assert enqueue_due(schedules, now=at(5)) == []
    assert calls == ["ran"]
    assert ScheduledRun.objects.get(name="core.test_job").last_enqueued_at == at(4)


def test_every_app_declares_schedules_in_one_place():
    names = [s.name for s in collect_schedules()]
    assert "core.clear_expired_sessions" in names
    assert len(names) == len(set(names))


attempts = []


@retrying_task(max_attempts=3, backoff_seconds=0)
def _flaky():
    attempts.append(1)
    raise RuntimeError("boom")


@pytest.mark.django_db
def test_failing_task_is_logged_and_retried_up_to_its_limit(caplog):
    attempts.clear()
    result = _flaky.enqueue()
    assert len(attempts) == 3
    assert result.status.name == "FAILED"
    assert "failed (attempt 3 of 3)" in caplog.text
