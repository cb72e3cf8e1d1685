from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TicketKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry (咨询)")
    COMPLAINT = "complaint", _("Complaint (投诉)")
    SUGGESTION = "suggestion", _("Suggestion (建议)")
    REPAIR = "repair", _("Repair request (报修)")
    SERVICE = "service", _("Service request (业务办理)")


class ComplaintType(models.TextChoices):
    EFFECTIVE = "effective", _("Effective complaint (有效投诉)")
    COMMUNICATION = "communication", _("Communication complaint (沟通性投诉)")


class ComplaintSubtype(models.TextChoices):
    HELP = "help", _("Request for help (求助型)")
    INQUIRY = "inquiry", _("Inquiry (咨询型)")
    VENTING = "venting", _("Venting (发泄型)")


class TicketChannel(models.TextChoices):
    HOTLINE = "hotline", _("Service hotline")
    CHAT = "chat", _("Online chat")
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("Email")
    WALK_IN = "walk_in", _("Walk-in")
    WECHAT = "wechat", _("WeChat")
    PARTNER_PORTAL = "partner_portal", _("Partner portal")
    TELEMARKETING = "telemarketing", _("Telemarketing escalation")


class TicketPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent (emergency)")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting on customer")
    WAITING_DEPARTMENT = "waiting_department", _("Waiting on department")
    RESOLVED = "resolved", _("Resolved")
    RETURN_VISIT = "return_visit", _("Return visit")
    CLOSED = "closed", pgettext_lazy("ticket status", "Closed")
    REOPENED = "reopened", _("Reopened")


# Statuses in which the resolution clock runs (or is paused): the ticket still needs work.
OPEN_STATUSES = [TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.WAITING_CUSTOMER,
                 TicketStatus.WAITING_DEPARTMENT, TicketStatus.REOPENED]
DONE_STATUSES = [TicketStatus.RESOLVED, TicketStatus.RETURN_VISIT, TicketStatus.CLOSED]


class SlaStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("Hours (round the clock)")
    WORKING_HOURS = "working_hours", _("Working hours")
    WORKING_DAYS = "working_days", _("Working days")
    DAYS = "days", _("Calendar days")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Reply to customer")
    NOTE = "note", _("Internal note")
    CUSTOMER = "customer", _("From the customer")


class AssignmentMode(models.TextChoices):
    QUEUE = "queue", _("Team queue (agents take tickets)")
    ROUND_ROBIN = "round_robin", _("Round robin")
    LEAST_LOADED = "least_loaded", _("Least loaded")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFERRED = "transferred", _("Transferred")
    MAJOR = "major", _("Marked major")
    ESCALATED = "escalated", _("Escalated")
    CLASSIFIED = "classified", _("Classification changed")
    CUSTOMER_LINKED = "customer_linked", _("Customer linked")


class SlaClock(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    RESOLUTION = "resolution", _("Resolution")


class EscalationLevel(models.TextChoices):
    WARNING = "warning", _("80 per cent of the target elapsed")
    BREACH = "breach", _("Target breached")
    MANAGER = "manager", _("Breached for longer: manager")


class MajorReason(models.TextChoices):
    KEY_ACCOUNT_CHURN = "key_account_churn", _("Key account about to leave")
    MEDIA_THREAT = "media_threat", _("Media or legal threat")
    GRADE = "grade", _("Customer grade")
    BATCH_QUALITY = "batch_quality", _("Batch quality issue")
    MANUAL = "manual", _("Set by hand")


class ArticleKind(models.TextChoices):
    SOLUTION = "solution", _("Solution (解决方案)")
    FAQ = "faq", _("FAQ (常见问题)")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# -- quality: QA evaluations and the monthly quality feedback report (质量信息反馈表) ---------------------------

class QAEvaluationStatus(models.TextChoices):
    PENDING = "pending", _("To score")
    SCORED = "scored", _("Scored")


class FeedbackDepartment(models.TextChoices):
    """The departments that receive the monthly quality feedback report (domain.md §7)."""

    MARKETING = "marketing", pgettext_lazy("department", "Marketing")
    PRODUCTION = "production", pgettext_lazy("department", "Production")
    QUALITY = "quality", pgettext_lazy("department", "Quality")
    PURCHASING = "purchasing", pgettext_lazy("department", "Purchasing")
    TECHNOLOGY = "technology", pgettext_lazy("department", "Technology")


class InboundMailOutcome(models.TextChoices):
    CREATED = "created", _("New ticket")
    REPLIED = "replied", _("Customer reply on a ticket")
    IGNORED = "ignored", _("Ignored")
    FAILED = "failed", _("Failed")
