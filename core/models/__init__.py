from .audit import AuditEvent
from .base import TimeStampedModel
from .calendar import CalendarExtraDay, OfficialDay, WorkCalendar
from .files import Attachment
from .idempotency import IdempotencyRecord
from .jobs import Job, JobStatus
from .limits import RateCounter
from .notifications import Notification
from .numbering import DailyCounter
from .rules import RuleValue
from .schedule import ScheduledRun

__all__ = ["Attachment", "AuditEvent", "CalendarExtraDay", "DailyCounter", "IdempotencyRecord", "Job", "JobStatus",
           "Notification", "OfficialDay", "RateCounter", "RuleValue", "ScheduledRun", "TimeStampedModel",
           "WorkCalendar"]
