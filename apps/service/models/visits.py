"""Return visits (回访) with their call attempts, and the satisfaction follow-up chain they start."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..visits.choices import (
    OPEN_VISIT_STATUSES,
    AnswerChannel,
    FindingStatus,
    FindingStepKind,
    FindingStepStatus,
    ReturnVisitSource,
    ReturnVisitStatus,
)
from .tickets import Ticket


class ReturnVisit(TimeStampedModel):
    """One return visit to a customer: after a resolved ticket, periodically for a member, or after a fix."""

    source = models.CharField(_("visit for"), max_length=20, choices=ReturnVisitSource.choices, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ReturnVisitStatus.choices,
                              default=ReturnVisitStatus.PENDING, db_index=True)
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="return_visits")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="return_visits")
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="return_visits")

    due_at = models.DateTimeField(_("due"), db_index=True)
    scheduled_at = models.DateTimeField(_("call at"), db_index=True)
    agreed_time = models.BooleanField(_("time agreed with the customer"), default=False,
                                      help_text=_("An agreed time is kept even inside the quiet hours."))
    attempt_count = models.PositiveSmallIntegerField(_("calls made"), default=0)

    # -- the outcome
    reached = models.BooleanField(_("customer reached"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), null=True, blank=True)
    comment = models.TextField(_("opinion of the company, products and service"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    answered_via = models.CharField(_("answered via"), max_length=10, choices=AnswerChannel.choices, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)

    # -- the satisfaction link: a signed token carries this nonce; answering it once closes the visit
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    link_sent_at = models.DateTimeField(_("satisfaction link issued at"), null=True, blank=True)
    # Bumped by every write; a conditional UPDATE on it makes two simultaneous answers record only once.
    version = models.PositiveIntegerField(default=0, editable=False)

    follow_up_of = models.ForeignKey("FindingStep", verbose_name=_("revisit of the follow-up step"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    history = track_history(excluded_fields=["version", "link_nonce"])
    data_scope = ScopeFields(owner="assignee", org_unit="team", partner="customer__partner_unit")

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        permissions = [("assign_returnvisit", _("Can assign return visits and record those of others"))]
        indexes = [
            models.Index(fields=["status", "due_at"], name="visit_status_due"),
            models.Index(fields=["assignee", "status"], name="visit_assignee_status"),
            models.Index(fields=["customer", "source", "created_at"], name="visit_customer_source"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ticket"], name="one_open_visit_per_ticket",
                                    condition=models.Q(source=ReturnVisitSource.TICKET,
                                                       status__in=OPEN_VISIT_STATUSES)),
            models.UniqueConstraint(fields=["customer"], name="one_open_member_visit_per_customer",
                                    condition=models.Q(source=ReturnVisitSource.MEMBER,
                                                       status__in=OPEN_VISIT_STATUSES)),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                                   name="visit_score_1_to_5"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.contact_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VISIT_STATUSES


class ReturnVisitAttempt(models.Model):
    """One call of a return visit (or the customer's answer on the link): when, by whom, reached or not."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    reached = models.BooleanField(_("reached"))
    via = models.CharField(_("via"), max_length=10, choices=AnswerChannel.choices, default=AnswerChannel.PHONE)
    note = models.CharField(_("note"), max_length=500, blank=True)
    next_call_at = models.DateTimeField(_("next call at"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("return-visit call")
        verbose_name_plural = _("return-visit calls")

    def __str__(self):
        return f"{self.visit_id} {self.at:%Y-%m-%d %H:%M}"


class SatisfactionFinding(TimeStampedModel):
    """What an unsatisfied customer (or a suggestion) told a return visit, followed up step by step."""

    visit = models.OneToOneField(ReturnVisit, verbose_name=_("return visit"), on_delete=models.PROTECT,
                                 related_name="finding")
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="findings")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    satisfied = models.BooleanField(_("satisfied"), default=False)
    summary = models.TextField(_("findings"))
    department = models.ForeignKey("org.OrgUnit", verbose_name=_("responsible department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = track_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction finding")
        verbose_name_plural = _("satisfaction findings")

    def __str__(self):
        return self.summary[:50]


class FindingStep(TimeStampedModel):
    """One step of a finding's follow-up: to the department, the department's measures, the revisit."""

    finding = models.ForeignKey(SatisfactionFinding, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=FindingStepKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=FindingStepStatus.choices,
                              default=FindingStepStatus.OPEN, db_index=True)
    department = models.ForeignKey("org.OrgUnit", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="finding_steps")
    due_at = models.DateTimeField(_("due"), db_index=True)
    note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=0, editable=False)
    history = track_history(excluded_fields=["version"])

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        constraints = [models.UniqueConstraint(fields=["finding", "kind"], name="one_step_of_each_kind")]

    def __str__(self):
        return f"{self.finding_id} {self.kind}"
