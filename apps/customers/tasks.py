"""Background work of the customers app: imports, and the daily regrading and pool jobs."""

import datetime

from django_tasks import task

from core.tasks import Schedule, retrying_task

from . import pipeline_tasks
from .services import grading, imports, pool


# A failed import is not retried: in valid-rows mode a second run would find its own rows as duplicates.
@task()
def import_customers_task(job_id: int) -> None:
    """Run a started customer import."""
    imports.run_import(job_id)


@retrying_task(max_attempts=3, backoff_seconds=300)
def regrade_customers() -> int:
    """Regrade every customer by the grade rules in force."""
    return grading.regrade_all()


@retrying_task(max_attempts=3, backoff_seconds=300)
def apply_pool_rules() -> dict:
    """Give reclaim notices and reclaim neglected customers to the public pool."""
    return pool.run_pool_rules()


SCHEDULES = [
    Schedule("customers.regrade", regrade_customers, at=datetime.time(1, 30)),
    Schedule("customers.pool", apply_pool_rules, at=datetime.time(2, 0)),
    *pipeline_tasks.SCHEDULES,
]
