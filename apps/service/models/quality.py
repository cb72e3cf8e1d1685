"""Service quality: QA evaluation forms and the evaluations scored on them, and the monthly quality feedback
report (质量信息反馈表) kept as a dated record with its Excel and PDF files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import QAEvaluationStatus
from .tickets import Ticket


class EvaluationTemplate(TimeStampedModel):
    """An evaluation form the QA group scores tickets on (e.g. 客服质检评分表); admins edit its items."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Only active forms are offered for new evaluations."))
    history = track_history()

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")

    def __str__(self):
        return self.name


class EvaluationItem(models.Model):
    """One scored item of a form (greeting, listening, accuracy, five clears, closing) with its maximum points
    and weight; an item already scored is deactivated rather than deleted."""

    template = models.ForeignKey(EvaluationTemplate, verbose_name=_("form"), on_delete=models.CASCADE,
                                 related_name="items")
    name = models.CharField(_("item"), max_length=100)
    description = models.CharField(_("what earns the points"), max_length=300, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="qa_item_max_points_positive"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="qa_item_weight_positive"),
        ]

    def __str__(self):
        return self.name


class QAEvaluation(TimeStampedModel):
    """A resolved ticket sampled for quality review, and its score (0–100) once an evaluator has scored it."""

    ticket = models.OneToOneField(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT,
                                  related_name="qa_evaluation")
    template = models.ForeignKey(EvaluationTemplate, verbose_name=_("form"), on_delete=models.PROTECT,
                                 related_name="evaluations")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
                              related_name="qa_evaluations")
    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("The agent's unit when the ticket was sampled."))
    period = models.DateField(_("period"), db_index=True, help_text=_("First day of the month evaluated."))
    status = models.CharField(_("status"), max_length=10, choices=QAEvaluationStatus.choices,
                              default=QAEvaluationStatus.PENDING, db_index=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    history = track_history()

    data_scope = ScopeFields(owner="agent", org_unit="team")

    class Meta:
        ordering = ["-period", "-created_at", "-id"]
        verbose_name = _("QA evaluation")
        verbose_name_plural = _("QA evaluations")
        permissions = [
            ("view_all_qaevaluations", _("Can see every QA evaluation")),
            ("view_team_qaevaluations", _("Can see the QA evaluations of the own team or department")),
        ]
        indexes = [models.Index(fields=["agent", "period"], name="qa_agent_period")]

    def __str__(self):
        return f"{self.ticket_id} {self.period:%Y-%m}"


class QAScore(models.Model):
    """The points an evaluation gave one item, with the item's maximum and weight as they were then."""

    evaluation = models.ForeignKey(QAEvaluation, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(EvaluationItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = _("QA item score")
        verbose_name_plural = _("QA item scores")
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="one_score_per_qa_item")]

    def __str__(self):
        return f"{self.item_id}: {self.points}"


def report_path(instance, filename: str) -> str:
    return f"quality_reports/{instance.period:%Y-%m}/{filename}"


class QualityReport(TimeStampedModel):
    """The monthly quality feedback report (质量信息反馈表): defects of one month by product, model, category,
    cause and region, kept with the Excel and PDF files that were mailed to the departments."""

    period = models.DateField(_("month"), unique=True, help_text=_("First day of the month reported."))
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("generated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+",
                                     help_text=_("Empty: the monthly scheduled task."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    defect_count = models.PositiveIntegerField(_("defects"), default=0)
    excel = models.FileField(_("Excel file"), upload_to=report_path, max_length=200, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=report_path, max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    history = track_history(excluded_fields=["rows"])

    class Meta:
        ordering = ["-period"]
        verbose_name = _("quality feedback report")
        verbose_name_plural = _("quality feedback reports")
        permissions = [("regenerate_qualityreport", _("Can generate and regenerate quality feedback reports")),
                       ("view_service_dashboard", _("Can see the service dashboard"))]

    def __str__(self):
        return f"{self.period:%Y-%m}"
