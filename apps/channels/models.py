from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from .choices import (
    OFFICE_UNIT_KIND,
    ApplicationStatus,
    ApprovalStepKind,
    Decision,
    FollowUp,
    PartnerGrade,
    PartnerStage,
    PartnerStatus,
    PartnerTier,
    ScorecardStatus,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


def _through_partner(prefix: str) -> ScopeFields:
    """A partner's rows are placed where its customer archive is, and belong to its partner company."""
    return ScopeFields(owner=f"{prefix}customer__owner", org_unit=f"{prefix}customer__org_unit",
                       region=f"{prefix}customer__region", partner=f"{prefix}unit")


class Partner(TimeStampedModel):
    """A channel partner (渠道成员): a customer with its tier, authorisation, territory and credit terms."""

    customer = models.OneToOneField("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                    related_name="partner")
    unit = models.OneToOneField(
        "org.OrgUnit", verbose_name=_("partner company unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="partner_profile",
        help_text=_("The partner's unit in the organisation; its portal users work there."),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=PartnerTier.choices,
                            default=PartnerTier.TRIAL_DISTRIBUTOR, db_index=True)
    special = models.BooleanField(_("special price tier"), default=False,
                                  help_text=_("Special agent / special distributor prices apply."))
    status = models.CharField(_("status"), max_length=20, choices=PartnerStatus.choices,
                              default=PartnerStatus.APPLICANT, db_index=True)
    status_reason = models.CharField(_("reason of the last status change"), max_length=300, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=PartnerGrade.choices, blank=True)
    authorised_products = models.JSONField(_("authorised products / lines"), default=list, blank=True)
    authorised_from = models.DateField(_("authorised from"), null=True, blank=True)
    authorised_until = models.DateField(_("authorised until"), null=True, blank=True)
    trial_ends_on = models.DateField(_("trial ends on"), null=True, blank=True, db_index=True)
    trial_notice_sent_on = models.DateField(_("trial-end notice sent on"), null=True, blank=True)
    exclusive = models.BooleanField(_("exclusive (no competing brands)"), default=False)
    credit_limit = models.DecimalField(_("credit limit"), default=0, **MONEY)
    payment_term_days = models.PositiveSmallIntegerField(_("payment term (days)"), default=0)
    parent = models.ForeignKey("self", verbose_name=_("parent partner"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="sub_partners",
                               help_text=_("E.g. the agent a distributor works under."))
    office = models.ForeignKey("org.OrgUnit", verbose_name=_("supervising office"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="supervised_partners",
                               limit_choices_to={"kind": OFFICE_UNIT_KIND})
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    history = track_history()

    data_scope = _through_partner("")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [
            ("view_all_partners", _("Can see every partner (channel management)")),
            ("change_partner_status", _("Can suspend, resume, terminate and promote partners")),
            ("grant_portal_login", _("Can give partner contacts a portal login")),
        ]

    def __str__(self):
        return self.customer.name

    @property
    def name(self) -> str:
        return self.customer.name

    @property
    def stage(self) -> str:
        """The lifecycle stage: the tier while active, else the status."""
        return self.tier if self.status == PartnerStatus.ACTIVE else self.status

    def get_stage_display(self) -> str:
        return PartnerStage(self.stage).label


class Territory(TimeStampedModel):
    """A province, or a city of it, that a partner is authorised to sell in (区域)."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE,
                                related_name="territories")
    province_code = models.CharField(_("province code"), max_length=6, db_index=True)
    province = models.CharField(_("province"), max_length=30)
    city_code = models.CharField(_("city code"), max_length=6, blank=True, db_index=True,
                                 help_text=_("Empty: the whole province."))
    city = models.CharField(_("city"), max_length=30, blank=True)
    region = models.ForeignKey("org.Region", verbose_name=_("sales region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    history = track_history()

    data_scope = _through_partner("partner__")

    class Meta:
        ordering = ["province_code", "city_code", "id"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [models.UniqueConstraint(fields=["partner", "province_code", "city_code"],
                                               name="one_territory_per_place")]

    def __str__(self):
        return f"{self.province}{self.city}"


class PartnerApplication(TimeStampedModel):
    """An admission or promotion application (准入) with its criteria and evidence, routed for approval."""

    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="partner_applications")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="applications")
    tier = models.CharField(_("requested tier"), max_length=20, choices=PartnerTier.choices)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING_MANAGER, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    registered_capital = models.DecimalField(_("registered capital"), default=0, **MONEY)
    years_in_trade = models.PositiveSmallIntegerField(_("years in the trade"), default=0)
    annual_sales_capacity = models.DecimalField(_("annual sales capacity"), default=0, **MONEY)
    cash_flow = models.DecimalField(_("cash flow"), default=0, **MONEY)
    has_breach_record = models.BooleanField(_("has a breach record"), default=False)
    has_arrears_record = models.BooleanField(_("has withheld suppliers' payments"), default=False)
    team_details = models.TextField(_("team and management"), blank=True)
    capability = models.TextField(_("integration / construction capability"), blank=True)
    product_lines = models.TextField(_("product lines"), blank=True)
    downstream_customers = models.TextField(_("downstream customers"), blank=True)
    credit_notes = models.TextField(_("credit standing"), blank=True)
    territory_codes = models.JSONField(_("territory asked for"), default=list, blank=True,
                                       help_text=_("Province or city codes."))
    reviewer_checks = models.JSONField(_("reviewer's checks"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    applied_at = models.DateTimeField(_("took effect at"), null=True, blank=True,
                                      help_text=_("When the approval admitted or promoted the partner."))
    history = track_history()

    data_scope = ScopeFields(owner="customer__owner", org_unit="customer__org_unit", region="customer__region",
                             partner="partner__unit")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        permissions = [
            ("review_partnerapplication", _("Can approve partner applications (market-development manager)")),
            ("decide_partnerapplication", _("Can give the final approval of partner applications (director)")),
        ]

    def __str__(self):
        return f"{self.customer.name} · {self.get_tier_display()}"


class ApprovalStep(models.Model):
    """One approver's decision on an application: who, when, decision, comment and the checklist they saw."""

    application = models.ForeignKey(PartnerApplication, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=ApprovalStepKind.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                              related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    evaluation = models.JSONField(_("checklist result"), default=dict, blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_decision_display()}"


class PartnerEvent(models.Model):
    """A lifecycle transition of a partner: from → to, who, why, when."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(_("from"), max_length=20, choices=PartnerStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=PartnerStage.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    application = models.ForeignKey(PartnerApplication, verbose_name=_("application"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    data_scope = _through_partner("partner__")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("partner event")
        verbose_name_plural = _("partner events")

    def __str__(self):
        return f"{self.from_stage or '—'} → {self.to_stage}"


class PartnerScorecard(TimeStampedModel):
    """A partner's periodic evaluation: service level, sales vs quota, payment punctuality, complaints → 0–100."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE,
                                related_name="scorecards")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=20, choices=ScorecardStatus.choices,
                              default=ScorecardStatus.OPEN, db_index=True)
    service_level = models.PositiveSmallIntegerField(_("service level (0–100)"), null=True, blank=True)
    sales_amount = models.DecimalField(_("sales"), null=True, blank=True, **MONEY)
    sales_quota = models.DecimalField(_("sales quota"), null=True, blank=True, **MONEY)
    payment_punctuality = models.PositiveSmallIntegerField(_("payment punctuality (0–100)"), null=True, blank=True)
    complaint_count = models.PositiveSmallIntegerField(_("justified complaints"), null=True, blank=True)
    total = models.DecimalField(_("total score"), max_digits=4, decimal_places=1, null=True, blank=True)
    flagged = models.BooleanField(_("poor score"), default=False, db_index=True)
    follow_up = models.CharField(_("follow-up"), max_length=20, choices=FollowUp.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    filled_at = models.DateTimeField(_("filled at"), null=True, blank=True)
    history = track_history()

    data_scope = _through_partner("partner__")

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("partner scorecard")
        verbose_name_plural = _("partner scorecards")
        constraints = [models.UniqueConstraint(fields=["partner", "period_start"], name="one_scorecard_per_period")]

    def __str__(self):
        return f"{self.partner} {self.period_start:%Y-%m}"


class PortalLogin(models.Model):
    """A partner contact's login to the partner portal (role partner_user in the partner's unit)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="portal_logins")
    contact = models.ForeignKey("customers.Contact", verbose_name=_("contact"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    data_scope = _through_partner("partner__")

    class Meta:
        ordering = ["id"]
        verbose_name = _("portal login")
        verbose_name_plural = _("portal logins")

    def __str__(self):
        return self.user.get_username()
