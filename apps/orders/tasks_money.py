"""Month-end jobs: statements after the cut-off day and the monthly rebate accrual (both idempotent)."""

import datetime

from django.utils import timezone

from core.tasks import Schedule, retrying_task

from .services import rebates, statements


@retrying_task()
def generate_due_statements() -> int:
    """Issue the statements of the last cut-off once its issue day has come (runs daily; repeats add nothing)."""
    cutoff = statements.due_cutoff(timezone.localdate())
    return statements.generate_statements(actor=None, cutoff=cutoff) if cutoff else 0


@retrying_task()
def accrue_monthly_rebates() -> int:
    """Accrue the year-end rebate through the end of last month (runs daily; the month's row is replaced)."""
    first_of_month = timezone.localdate().replace(day=1)
    return rebates.accrue_rebates(actor=None, through=first_of_month - datetime.timedelta(days=1))


SCHEDULES = [
    Schedule("orders.statements", generate_due_statements, at=datetime.time(0, 30)),
    Schedule("orders.rebate_accrual", accrue_monthly_rebates, at=datetime.time(1, 0)),
]
