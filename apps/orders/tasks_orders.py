"""Order-area jobs: the morning overdue-receivables alert to the rep and the sales admins."""

import datetime

from django.utils import timezone

from core.rules import value as rule_value
from core.tasks import Schedule, retrying_task

from .services import notices
from .services import receivables as ar_services


@retrying_task()
def send_overdue_alerts() -> int:
    """Tell reps and sales admins about customers with overdue invoices (first day, then every N days)."""
    today = timezone.localdate()
    return ar_services.overdue_alerts(on=today, every_days=int(rule_value("orders.overdue_alert_days", today)),
                                      recipients_for=notices.overdue_recipients)


SCHEDULES = [Schedule("orders.overdue_alerts", send_overdue_alerts, at=datetime.time(8, 30))]
