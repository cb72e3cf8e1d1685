from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from .choices import (
    ActivityKind,
    CreditStatus,
    CustomerKind,
    CustomerSource,
    Grade,
    LeadStatus,
    OpportunityStage,
    PoolEventKind,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


class AddressFields(models.Model):
    """Province / city / district as GB/T 2260 codes plus their names (core.divisions), and the street address."""

    province_code = models.CharField(_("province code"), max_length=6, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=30, blank=True)
    city_code = models.CharField(_("city code"), max_length=6, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    district_code = models.CharField(_("district code"), max_length=6, blank=True)
    district = models.CharField(_("district"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Tag(models.Model):
    """A free label on customers (e.g. 重点, 展会2026)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    color = models.CharField(_("colour"), max_length=20, default="blue")

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Customer(AddressFields, TimeStampedModel):
    """The customer archive (客户档案): basic data, characteristics, business status and trade status."""

    # -- identity and ownership
    name = models.CharField(_("name"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.COMPANY)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=CustomerSource.choices, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owning rep"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="customers")
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("org unit"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="customers")
    region = models.ForeignKey("org.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="customers")
    region_overridden = models.BooleanField(_("region set by hand"), default=False)
    partner_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("partner company"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="partner_customers",
        help_text=_("The partner company this record belongs to (its own archive, or a customer it serves)."),
    )
    is_member = models.BooleanField(_("member"), default=False)
    is_key_account = models.BooleanField(_("key account"), default=False)
    pool_exempt = models.BooleanField(_("never reclaimed to the pool"), default=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="customers")

    # -- search keys (kept by services)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_digits = models.CharField(_("phone digits"), max_length=20, blank=True, db_index=True)
    phone_reversed = models.CharField(_("reversed phone digits"), max_length=20, blank=True, db_index=True)
    name_key = models.CharField(_("name key"), max_length=120, blank=True, db_index=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=400, blank=True, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=120, blank=True, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)

    # -- 1 basic data
    legal_person = models.CharField(_("owner / legal person"), max_length=60, blank=True)
    trade_since = models.DateField(_("trading with us since"), null=True, blank=True)
    size = models.CharField(_("size"), max_length=40, blank=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True, db_index=True)
    registered_capital = models.DecimalField(_("registered capital"), null=True, blank=True, **MONEY)
    assets = models.DecimalField(_("assets"), null=True, blank=True, **MONEY)
    website = models.CharField(_("website"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    # -- 2 characteristics
    service_area = models.CharField(_("service area"), max_length=200, blank=True)
    sales_capacity = models.CharField(_("sales capacity"), max_length=200, blank=True)
    development_potential = models.CharField(_("development potential"), max_length=200, blank=True)
    company_culture = models.CharField(_("company culture"), max_length=200, blank=True)
    business_policy = models.CharField(_("business policy"), max_length=200, blank=True)
    annual_revenue = models.DecimalField(_("annual revenue"), null=True, blank=True, **MONEY)
    management_style = models.CharField(_("management style"), max_length=200, blank=True)

    # -- 3 business status
    sales_history = models.TextField(_("current and past sales with us"), blank=True)
    staff_quality = models.CharField(_("quality of managers and staff"), max_length=200, blank=True)
    competitor_relations = models.CharField(_("relations with competitors"), max_length=200, blank=True)
    cooperation_attitude = models.CharField(_("attitude to cooperation"), max_length=200, blank=True)

    # -- 4 trade status
    current_activity = models.CharField(_("current sales activity"), max_length=200, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    future_plans = models.TextField(_("future plans"), blank=True)
    reputation = models.CharField(_("reputation and image"), max_length=200, blank=True)
    credit_status = models.CharField(_("credit status"), max_length=10, choices=CreditStatus.choices,
                                     default=CreditStatus.NORMAL)
    trade_terms = models.CharField(_("trade terms"), max_length=200, blank=True)
    past_credit_problems = models.TextField(_("past credit problems"), blank=True)

    # -- grading inputs (annual purchase is maintained by orders later; editable until then)
    annual_purchase = models.DecimalField(_("annual purchase"), default=0, **MONEY)
    payment_score = models.PositiveSmallIntegerField(_("payment record score"), default=60,
                                                     help_text=_("0–100: punctuality of payments"))
    potential_score = models.PositiveSmallIntegerField(_("potential score"), default=50, help_text=_("0–100"))

    # -- pool and dedupe
    last_activity_at = models.DateTimeField(_("last follow-up"), null=True, blank=True, db_index=True)
    last_deal_at = models.DateTimeField(_("last deal"), null=True, blank=True)
    in_pool = models.BooleanField(_("in the public pool"), default=False, db_index=True)
    pool_since = models.DateTimeField(_("in pool since"), null=True, blank=True)
    reclaim_notice_at = models.DateTimeField(_("reclaim notice sent"), null=True, blank=True)
    # Almost always empty: indexed only where set (Meta.indexes). A plain index, all NULL, lures SQLite's planner
    # into walking every live customer for `merged_into IS NULL` (docs/benchmarks.md).
    duplicate_of = models.ForeignKey("self", verbose_name=_("possible duplicate of"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="flagged_duplicates", db_index=False)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged_from", db_index=False)
    notes = models.TextField(_("notes"), blank=True)

    history = track_history(excluded_fields=["phone_reversed", "name_pinyin", "name_initials", "name_key",
                                             "phone_digits"])

    data_scope = ScopeFields(owner="owner", org_unit="org_unit", region="region", partner="partner_unit")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["duplicate_of"], name="customer_duplicate_of_set",
                         condition=models.Q(duplicate_of__isnull=False)),
            models.Index(fields=["merged_into"], name="customer_merged_into_set",
                         condition=models.Q(merged_into__isnull=False)),
        ]
        permissions = [
            ("export_customer", _("Can export customers")),
            ("import_customer", _("Can import customers")),
            ("merge_customer", _("Can merge duplicate customers")),
            ("reassign_customer", _("Can hand customers over to another rep")),
            ("claim_customer", _("Can claim customers from the public pool")),
        ]

    def __str__(self):
        return self.name


class Contact(TimeStampedModel):
    """A person at a customer; one is primary."""

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="contacts")
    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("title"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_digits = models.CharField(_("phone digits"), max_length=20, blank=True, db_index=True)
    phone_reversed = models.CharField(_("reversed phone digits"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = track_history(excluded_fields=["phone_reversed", "phone_digits"])

    data_scope = ScopeFields(owner="customer__owner", org_unit="customer__org_unit", region="customer__region",
                             partner="customer__partner_unit")

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class GradeChange(models.Model):
    """A customer's grade changed (by the regrading job or by hand)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="grade_changes")
    old_grade = models.CharField(_("old grade"), max_length=1, blank=True)
    new_grade = models.CharField(_("new grade"), max_length=1, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")

    def __str__(self):
        return f"{self.old_grade or '—'} → {self.new_grade or '—'}"


class PoolEvent(models.Model):
    """A move of a customer between reps and the public pool (公海): notice, reclaim, claim, release, hand-over."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="pool_events")
    kind = models.CharField(_("kind"), max_length=20, choices=PoolEventKind.choices)
    from_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    to_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("pool event")
        verbose_name_plural = _("pool events")

    def __str__(self):
        return self.get_kind_display()


class Activity(TimeStampedModel):
    """A contact with a customer: visit, call, meeting, email or note, with outcome and next step."""

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="activities")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="activities")
    opportunity = models.ForeignKey("Opportunity", verbose_name=_("opportunity"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT,
                              related_name="customer_activities")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True,
                                          related_name="+")
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    history = track_history()

    data_scope = ScopeFields(owner="owner", org_unit="customer__org_unit", region="customer__region",
                             partner="customer__partner_unit")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.subject


class VisitPlan(TimeStampedModel):
    """A rep's planned visit in a week (拜访计划); done when an activity records it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rep"), on_delete=models.CASCADE,
                              related_name="visit_plans")
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.CASCADE,
                                 related_name="visit_plans")
    planned_on = models.DateField(_("planned on"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    activity = models.ForeignKey(Activity, verbose_name=_("visit record"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    history = track_history()

    data_scope = ScopeFields(owner="owner", org_unit="customer__org_unit", region="customer__region")

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")


class Opportunity(TimeStampedModel):
    """A deal in the pipeline: 接近 → 了解 → 说明 → 促成 → 成交 / 失败."""

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="opportunities")
    name = models.CharField(_("name"), max_length=200)
    stage = models.CharField(_("stage"), max_length=10, choices=OpportunityStage.choices,
                             default=OpportunityStage.APPROACH, db_index=True)
    amount = models.DecimalField(_("amount"), default=0, **MONEY)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="opportunities")
    products = models.CharField(_("products of interest"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CustomerSource.choices, blank=True)
    lost_reason = models.CharField(_("lost reason"), max_length=200, blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position on the board"), default=0)
    history = track_history()

    data_scope = ScopeFields(owner="owner", org_unit="customer__org_unit", region="customer__region",
                             partner="customer__partner_unit")

    class Meta:
        ordering = ["position", "-id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self):
        return self.name


class Lead(TimeStampedModel):
    """An unqualified contact (trade fair, internet, website form) that may become a customer + opportunity."""

    name = models.CharField(_("contact name"), max_length=60)
    company = models.CharField(_("company"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    province_code = models.CharField(_("province code"), max_length=6, blank=True)
    city_code = models.CharField(_("city code"), max_length=6, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CustomerSource.choices, blank=True)
    interest = models.CharField(_("interest"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW,
                              db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="leads")
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("org unit"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="leads")
    opportunity = models.ForeignKey(Opportunity, verbose_name=_("opportunity"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    disqualified_reason = models.CharField(_("disqualified reason"), max_length=200, blank=True)
    history = track_history()

    data_scope = ScopeFields(owner="owner", org_unit="org_unit")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self):
        return self.company or self.name
