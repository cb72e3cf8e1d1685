"""Periodic service-desk work: SLA statuses move on as time passes, and overdue tickets are escalated."""

import datetime

from core.tasks import Schedule, retrying_task

from . import services


@retrying_task(max_attempts=2, backoff_seconds=30)
def refresh_sla() -> int:
    """Due soon / breached for running open tickets, in bulk."""
    return services.refresh_open_tickets()


@retrying_task(max_attempts=2, backoff_seconds=30)
def escalate_sla() -> int:
    """Warn the assignee, then the supervisor, then the manager, each once."""
    return services.escalate_overdue()


EVERY_MINUTE = datetime.timedelta(minutes=1)
SCHEDULES = [
    Schedule("service.refresh_sla", refresh_sla, every=EVERY_MINUTE),
    Schedule("service.escalate_sla", escalate_sla, every=EVERY_MINUTE),
]
