from .audit import AuditEvent
from .base import TimeStampedModel
from .calendar import CalendarExtraDay, OfficialDay, WorkCalendar
from .notifications import Notification
from .schedule import ScheduledRun

__all__ = ["AuditEvent", "CalendarExtraDay", "Notification", "OfficialDay", "ScheduledRun", "TimeStampedModel",
           "WorkCalendar"]
