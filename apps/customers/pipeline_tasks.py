"""Periodic work of the sales process; `SCHEDULES` is merged into apps/customers/tasks.py's list."""

import datetime

from core.tasks import Schedule, retrying_task

from . import services


@retrying_task(max_attempts=3, backoff_seconds=60)
def send_activity_reminders() -> int:
    """Notify reps of their activities whose reminder time has come."""
    return services.send_due_reminders()


SCHEDULES = [
    Schedule("customers.activity_reminders", send_activity_reminders, every=datetime.timedelta(minutes=5)),
]
