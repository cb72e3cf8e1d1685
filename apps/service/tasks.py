"""Periodic service-desk work: SLA statuses move on as time passes, and overdue tickets are escalated."""

import datetime

from core.tasks import Schedule, retrying_task

from . import services
from .intake import email_poll
from .services import quality as quality_services
from .services import visits as visit_services


@retrying_task(max_attempts=2, backoff_seconds=30)
def refresh_sla() -> int:
    """Due soon / breached for running open tickets, in bulk."""
    return services.refresh_open_tickets()


@retrying_task(max_attempts=2, backoff_seconds=30)
def escalate_sla() -> int:
    """Warn the assignee, then the supervisor, then the manager, each once."""
    return services.escalate_overdue()


@retrying_task(max_attempts=3, backoff_seconds=600)
def monthly_quality_report() -> int | None:
    """On the 1st: the previous month's quality feedback report (质量信息反馈表), built and mailed; checked daily so
    a worker that was down on the 1st catches up, and a month already reported is left alone."""
    report = quality_services.generate_last_month_report()
    return report.pk if report else None


@retrying_task(max_attempts=1)
def poll_service_mailbox() -> dict:
    """Unseen mail of the service mailbox becomes tickets and customer replies (off without SERVICE_IMAP_HOST)."""
    return email_poll.poll_mailbox()


@retrying_task(max_attempts=3, backoff_seconds=300)
def plan_member_visits() -> int:
    """Every morning: a return visit for each member customer whose last one is older than the interval (100 %
    of members are covered)."""
    return visit_services.plan_member_visits()


EVERY_MINUTE = datetime.timedelta(minutes=1)
SCHEDULES = [
    Schedule("service.poll_mailbox", poll_service_mailbox, every=2 * EVERY_MINUTE),
    Schedule("service.refresh_sla", refresh_sla, every=EVERY_MINUTE),
    Schedule("service.escalate_sla", escalate_sla, every=EVERY_MINUTE),
    Schedule("service.monthly_quality_report", monthly_quality_report, at=datetime.time(6, 0)),
    Schedule("service.plan_member_visits", plan_member_visits, at=datetime.time(7, 0)),
]
