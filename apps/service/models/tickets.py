"""Tickets, their conversation, their event log and their SLA escalations."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import (
    OPEN_STATUSES,
    ComplaintSubtype,
    ComplaintType,
    EscalationLevel,
    EventKind,
    MessageKind,
    SlaClock,
    SlaStatus,
    TicketChannel,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from .config import GRADES, RoutingRule, SLAPolicy, TicketCategory, TicketTag


class Ticket(TimeStampedModel):
    """A customer's inquiry, complaint, suggestion, repair or service request, worked by the service desk."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices, db_index=True)
    complaint_type = models.CharField(_("complaint type"), max_length=20, choices=ComplaintType.choices, blank=True)
    complaint_subtype = models.CharField(_("communication complaint kind"), max_length=20,
                                         choices=ComplaintSubtype.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=TicketChannel.choices,
                               default=TicketChannel.HOTLINE)
    status = models.CharField(_("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW,
                              db_index=True)
    priority = models.CharField(_("priority"), max_length=10, choices=TicketPriority.choices,
                                default=TicketPriority.NORMAL)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    # -- who: a customer of the archive, or an unknown caller kept by phone until linked
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="tickets")
    contact = models.ForeignKey("customers.Contact", verbose_name=_("contact"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="tickets")
    customer_grade = models.CharField(_("customer grade"), max_length=1, choices=GRADES, blank=True)
    caller_name = models.CharField(_("caller name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_digits = models.CharField(_("phone digits"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True,
                              help_text=_("Where the customer wrote from (web form, email); replies are mailed here."))

    # -- what: product and, for repairs, the fault
    category = models.ForeignKey(TicketCategory, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="tickets")
    product = models.CharField(_("product"), max_length=100, blank=True)
    model_no = models.CharField(_("model"), max_length=60, blank=True)
    serial_no = models.CharField(_("serial number"), max_length=60, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    fault = models.TextField(_("fault"), blank=True)
    tags = models.ManyToManyField(TicketTag, verbose_name=_("tags"), blank=True, related_name="tickets")

    # -- major complaint (报告)
    is_major = models.BooleanField(_("major"), default=False, db_index=True)
    major_reasons = models.JSONField(_("why major"), default=list, blank=True)
    churn_risk = models.BooleanField(_("customer threatens to leave"), default=False)
    media_threat = models.BooleanField(_("media or legal threat"), default=False)
    batch_quality_issue = models.BooleanField(_("batch quality issue"), default=False)
    major_reported_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported to"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    major_reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    # -- where it is worked
    region = models.ForeignKey("org.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("org.OrgUnit", verbose_name=_("responsible department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    # No index of its own: ticket_assignee_status serves it, and without statistics SQLite otherwise reads every
    # ticket an agent ever had for their open ones.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_tickets", db_index=False)
    watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("watchers"), blank=True,
                                      related_name="watched_tickets")
    routing_rule = models.ForeignKey(RoutingRule, verbose_name=_("routed by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    attachments = GenericRelation("core.Attachment")

    # -- clocks (stored so lists filter and sort on indexed columns; recomputed on state changes)
    received_at = models.DateTimeField(_("received at"), db_index=True,
                                       help_text=_("When the customer contacted us; the SLA clocks start here."))
    sla_policy = models.ForeignKey(SLAPolicy, verbose_name=_("SLA policy"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    sla_status = models.CharField(_("SLA status"), max_length=10, choices=SlaStatus.choices,
                                  default=SlaStatus.ON_TRACK)
    sla_started_at = models.DateTimeField(_("resolution clock started at"), null=True, blank=True)
    sla_cycle = models.PositiveSmallIntegerField(_("SLA cycle"), default=1)
    sla_paused_at = models.DateTimeField(_("SLA paused since"), null=True, blank=True)
    sla_pauses = models.JSONField(_("SLA pauses"), default=list, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_responded_at = models.DateTimeField(_("first responded at"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True, db_index=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    return_visit_due = models.DateTimeField(_("return visit due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    breached_first_response = models.BooleanField(_("first response breached"), default=False)
    breached_resolution = models.BooleanField(_("resolution breached"), default=False)

    # -- 五清楚 (five clears) on complaints
    facts = models.TextField(_("facts heard and asked (听清楚/问清楚)"), blank=True)
    next_reply_at = models.DateTimeField(_("next reply promised for (跟清楚)"), null=True, blank=True)
    reply_to_customer = models.TextField(_("reply given to the customer (复清楚)"), blank=True)
    cause = models.TextField(_("cause (记清楚)"), blank=True)
    handling = models.TextField(_("handling (记清楚)"), blank=True)
    result = models.TextField(_("result (记清楚)"), blank=True)

    history = track_history(excluded_fields=["sla_status", "first_response_warn_at", "resolution_warn_at",
                                             "phone_digits", "sla_pauses"])

    data_scope = ScopeFields(owner="assignee", org_unit="team", region="region", partner="customer__partner_unit")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [
            ("view_all_tickets", _("Can see every ticket")),
            ("assign_ticket", _("Can assign and transfer tickets to others")),
        ]
        indexes = [
            # SLA boxes and refreshes; with received_at the breached box sorted by arrival reads the index alone.
            models.Index(fields=["status", "sla_status", "received_at"], name="ticket_status_sla_received"),
            models.Index(fields=["team", "status"], name="ticket_team_status"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["status", "resolution_warn_at"], name="ticket_status_warn"),
            models.Index(fields=["status", "first_response_due"], name="ticket_status_first_due"),
            models.Index(fields=["customer", "status"], name="ticket_customer_status"),
            # The inbox's box counts and page ids read open tickets from this index alone, never their rows (SQLite
            # cannot use a partial index for a bound IN list); its (status, kind) prefix serves the kind filter,
            # without which SQLite reads every ticket of the kind (a quarter of the table).
            models.Index(fields=["status", "kind", "priority", "sla_status", "is_major", "assignee", "team",
                                 "department", "created_by", "resolution_due"], name="ticket_inbox"),
            # The open boxes' order: the most urgent open tickets first, without walking the closed ones' deadlines.
            models.Index(fields=["resolution_due"], name="ticket_open_due",
                         condition=models.Q(status__in=OPEN_STATUSES)),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"


class TicketMessage(models.Model):
    """One entry of a ticket's conversation: a reply to the customer, an internal note, or the customer's words."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.REPLY)
    body = models.TextField(_("message"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")

    def __str__(self):
        return self.body[:50]


class TicketEvent(models.Model):
    """Something that happened to a ticket: a status change, an assignment, an escalation — who, when and why."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=TicketStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=TicketStatus.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self):
        return f"{self.ticket_id} {self.kind} {self.from_status}→{self.to_status}"


class TicketEscalation(models.Model):
    """One escalation step sent for a ticket's clock; the unique constraint makes each step happen only once."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    clock = models.CharField(_("clock"), max_length=20, choices=SlaClock.choices)
    level = models.CharField(_("level"), max_length=10, choices=EscalationLevel.choices)
    cycle = models.PositiveSmallIntegerField(_("SLA cycle"), default=1)
    notified = models.JSONField(_("notified users"), default=list, blank=True)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("ticket escalation")
        verbose_name_plural = _("ticket escalations")
        constraints = [models.UniqueConstraint(fields=["ticket", "clock", "level", "cycle"],
                                               name="one_escalation_per_step")]

    def __str__(self):
        return f"{self.ticket_id} {self.clock} {self.level}"
