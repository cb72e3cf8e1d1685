from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import PlanPeriod, PlanStatus
from .common import MONEY, QTY


class SalesPlan(TimeStampedModel):
    """A sales plan (销售计划) for one period and one subject: an org unit (branch, department, a branch's market),
    a rep or a partner, optionally for one product line. A partner's approved plan is its sales quota."""

    period_kind = models.CharField(_("period"), max_length=10, choices=PlanPeriod.choices, default=PlanPeriod.MONTH)
    period_start = models.DateField(_("from"), db_index=True)
    period_end = models.DateField(_("to"))
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("org unit"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("The unit the plan belongs to (for a rep or partner: where it works)."))
    market = models.CharField(_("market"), max_length=60, blank=True,
                              help_text=_("A branch's market (e.g. a district) for the branch monthly plan."))
    rep = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sales rep"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("catalog.Category", verbose_name=_("product line"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text=_("Empty: all products."))
    amount = models.DecimalField(_("planned amount"), **MONEY)
    quantity = models.DecimalField(_("planned quantity"), null=True, blank=True, **QTY)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    consolidation = models.ForeignKey("PlanConsolidation", verbose_name=_("consolidation"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="plans")
    history = track_history()

    data_scope = ScopeFields(owner="rep", org_unit="org_unit", region="org_unit__region", partner="partner__unit")

    class Meta:
        ordering = ["-period_start", "org_unit", "id"]
        verbose_name = _("sales plan")
        verbose_name_plural = _("sales plans")
        indexes = [models.Index(fields=["partner", "period_start", "status"])]
        permissions = [("approve_salesplan", _("Can approve sales plans (branch GM)")),
                       ("consolidate_salesplan", _("Can consolidate plans to head office")),
                       ("view_all_salesplans", _("Can see every sales plan"))]

    def __str__(self):
        return f"{self.subject_label} {self.period_start:%Y-%m} ¥{self.amount}"

    @property
    def subject_label(self) -> str:
        if self.partner_id:
            return str(self.partner)
        if self.rep_id:
            return self.rep.get_full_name() or self.rep.get_username()
        name = str(self.org_unit) if self.org_unit_id else _("Company")
        return f"{name} · {self.market}" if self.market else name


class PlanConsolidation(TimeStampedModel):
    """Head office's record of one month's plans (汇总): the branches' approved plans, totalled by product line and
    by branch, the basis of the production plan."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    total_amount = models.DecimalField(_("total"), default=0, **MONEY)
    by_product = models.JSONField(_("by product line"), default=list, blank=True)
    by_branch = models.JSONField(_("by branch"), default=list, blank=True)
    consolidated_at = models.DateTimeField(_("consolidated at"), null=True, blank=True)
    consolidated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consolidated by"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-month"]
        verbose_name = _("plan consolidation")
        verbose_name_plural = _("plan consolidations")

    def __str__(self):
        return f"{self.month:%Y-%m}"
