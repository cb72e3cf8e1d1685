"""Choices of return visits and of the satisfaction follow-up chain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnVisitSource(models.TextChoices):
    TICKET = "ticket", _("After a resolved ticket")
    MEMBER = "member", _("Periodic member visit")
    FOLLOW_UP = "follow_up", _("Revisit after a fix")


class ReturnVisitStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REACHED = "reached", _("Reached, call back at the agreed time")
    NOT_REACHED = "not_reached", _("Not reached, retry scheduled")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Closed: customer unreachable")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_VISIT_STATUSES = [ReturnVisitStatus.PENDING, ReturnVisitStatus.REACHED, ReturnVisitStatus.NOT_REACHED]
CLOSED_VISIT_STATUSES = [ReturnVisitStatus.DONE, ReturnVisitStatus.UNREACHABLE, ReturnVisitStatus.CANCELLED]


class AnswerChannel(models.TextChoices):
    PHONE = "phone", _("Phone call by an agent")
    LINK = "link", _("Satisfaction link answered by the customer")


class FindingStepKind(models.TextChoices):
    FORWARD = "forward", _("Findings to the responsible department")
    MEASURES = "measures", _("Department's measures")
    REVISIT = "revisit", _("Customer revisited after the fix")


STEP_ORDER = [FindingStepKind.FORWARD, FindingStepKind.MEASURES, FindingStepKind.REVISIT]


class FindingStepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Being followed up")
    CLOSED = "closed", _("Closed")
