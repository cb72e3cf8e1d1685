"""Reads of channel data; every user-facing read starts from the scope functions in access."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.org import selectors as org_selectors
from core import divisions
from core import rules as rule_data
from core.models import Attachment

from . import access, rules
from .choices import (
    AUTHORISATION_DOCUMENT,
    OFFICE_UNIT_KIND,
    OPEN_APPLICATION_STATUSES,
    TIER_STAGES,
    ApplicationStatus,
    PartnerStage,
    PartnerStatus,
)
from .models import Partner, PartnerApplication, PartnerScorecard


def _get_or_404(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def stage_filter(stage: str, prefix: str = "") -> Q:
    """Partners at a lifecycle stage (a tier stage means: active at that tier); `prefix` reaches the partner."""
    if stage in TIER_STAGES:
        return Q(**{f"{prefix}status": PartnerStatus.ACTIVE, f"{prefix}tier": stage})
    return Q(**{f"{prefix}status": stage})


# -- partners ---------------------------------------------------------------------------------------------------


def list_partners_for(user, *, search: str = "", tier: str = "", stage: str = "", province_code: str = "",
                      office=None, special: bool | None = None) -> QuerySet[Partner]:
    qs = access.partners_visible_to(user).select_related("customer", "office", "parent__customer", "unit")
    if search:
        qs = qs.filter(Q(customer__name__icontains=search) | Q(customer__name_pinyin__icontains=search.lower())
                       | Q(customer__name_initials__icontains=search.lower()))
    if tier:
        qs = qs.filter(tier=tier)
    if stage:
        qs = qs.filter(stage_filter(stage))
    if province_code:
        qs = qs.filter(territories__province_code=province_code).distinct()
    if office is not None:
        qs = qs.filter(office=office)
    if special is not None:
        qs = qs.filter(special=special)
    return qs.prefetch_related("territories")


def get_partner_for(user, pk) -> Partner:
    return _get_or_404(
        access.partners_visible_to(user).select_related("customer", "customer__owner", "office", "parent__customer",
                                                        "unit"), pk)


def own_partner_of(user) -> Partner | None:
    """The partner company of a partner user."""
    if not access.is_partner_user(user):
        return None
    return access.partners_visible_to(user).select_related("customer", "office", "parent__customer").first()


def stage_counts_for(user) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every lifecycle stage, for the dashboard and the list's tabs."""
    rows = access.partners_visible_to(user).values_list("status", "tier").annotate(n=Count("id"))
    counts: dict[str, int] = {}
    for status, tier, n in rows:
        stage = tier if status == PartnerStatus.ACTIVE else status
        counts[stage] = counts.get(stage, 0) + n
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in PartnerStage]


def trials_ending_for(user, *, within_days: int) -> QuerySet[Partner]:
    today = timezone.localdate()
    return (access.partners_visible_to(user).filter(stage_filter(PartnerStage.TRIAL_DISTRIBUTOR),
                                                    trial_ends_on__lte=today + timezone.timedelta(days=within_days))
            .select_related("customer").order_by("trial_ends_on"))


def timeline_for(user, partner: Partner):
    return access.events_visible_to(user).filter(partner=partner).select_related("actor", "application")


def offices_for(user):
    """The manufacturer's offices (厂家办事处) that can supervise partners."""
    return org_selectors.list_org_units_for(user).filter(kind=OFFICE_UNIT_KIND, is_active=True)


def parent_candidates_for(user, partner: Partner | None = None) -> QuerySet[Partner]:
    """Partners another one may work under: agents and distributors in force."""
    qs = access.partners_visible_to(user).filter(status=PartnerStatus.ACTIVE, tier__in=["agent", "distributor"])
    return (qs.exclude(pk=partner.pk) if partner else qs).select_related("customer")


# -- attachments ------------------------------------------------------------------------------------------------


def attachments_of_model(model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model))


def attachments_of(record) -> QuerySet[Attachment]:
    return attachments_of_model(type(record)).filter(object_id=record.pk).select_related("uploaded_by")


def authorisation_documents(partner: Partner) -> QuerySet[Attachment]:
    return attachments_of(partner).filter(kind=AUTHORISATION_DOCUMENT)


# -- applications -----------------------------------------------------------------------------------------------


def list_applications_for(user, *, status: str = "", tier: str = "", search: str = "",
                          awaiting_me: bool = False) -> QuerySet[PartnerApplication]:
    qs = access.applications_visible_to(user).select_related("customer", "partner", "created_by")
    if status:
        qs = qs.filter(status=status)
    if tier:
        qs = qs.filter(tier=tier)
    if search:
        qs = qs.filter(customer__name__icontains=search)
    if awaiting_me:
        waiting = [s for s, step in access.STEP_OF_STATUS.items() if user.has_perm(access.RIGHT_OF_STEP[step])]
        qs = qs.filter(status__in=waiting)
    return qs


def get_application_for(user, pk) -> PartnerApplication:
    return _get_or_404(access.applications_visible_to(user).select_related("customer", "partner", "created_by"), pk)


def open_application_of(customer) -> PartnerApplication | None:
    return PartnerApplication.objects.filter(customer=customer, status__in=OPEN_APPLICATION_STATUSES).first()


def pending_promotion_of(partner: Partner) -> PartnerApplication | None:
    """An approved application that has not taken effect yet (approved while the partner was suspended)."""
    return (partner.applications.filter(status=ApplicationStatus.APPROVED, applied_at__isnull=True)
            .order_by("-decided_at").first())


def facts_of(application: PartnerApplication) -> rules.Facts:
    """What the evaluation reads: the application's figures and texts, its documents and the partner's stage."""
    evidence = frozenset(attachments_of(application).values_list("kind", flat=True))
    return rules.Facts(
        current_stage=application.partner.stage if application.partner_id else "",
        registered_capital=application.registered_capital, years_in_trade=application.years_in_trade,
        annual_sales_capacity=application.annual_sales_capacity, cash_flow=application.cash_flow,
        has_breach_record=application.has_breach_record, has_arrears_record=application.has_arrears_record,
        texts={"team_details": application.team_details, "capability": application.capability,
               "product_lines": application.product_lines, "downstream_customers": application.downstream_customers,
               "credit_notes": application.credit_notes},
        reviewer_checks=application.reviewer_checks or {}, evidence=evidence,
    )


def thresholds_for(tier: str, on) -> dict:
    return rule_data.value(f"channels.admission.{tier}", on=on)


def evaluation_for(application: PartnerApplication) -> rules.Evaluation:
    """The checklist of the requested tier, with the thresholds in force when the application was submitted."""
    on = timezone.localdate(application.submitted_at)
    return rules.evaluate(application.tier, facts_of(application), thresholds_for(application.tier, on))


# -- territories ------------------------------------------------------------------------------------------------


def provinces() -> list:
    """Provinces a territory can be in (the source's 99xxxx codes are border areas, not provinces)."""
    return [d for d in divisions.children("") if d.code < "900000"]


def territory_table_for(user, *, tier: str = "", stage: str = "") -> list[dict]:
    """Every province with the partners (in scope) covering it, whole or by city; busiest first."""
    territories = access.territories_visible_to(user).select_related("partner__customer")
    if tier:
        territories = territories.filter(partner__tier=tier)
    if stage:
        territories = territories.filter(stage_filter(stage, "partner__"))
    by_province: dict[str, list] = {}
    for territory in territories:
        by_province.setdefault(territory.province_code, []).append(territory)
    rows = []
    for province in provinces():
        covering = by_province.get(province.code, [])
        partners = {t.partner_id: t.partner for t in covering}
        rows.append({"code": province.code, "name": province.name, "territories": covering,
                     "partners": list(partners.values()), "count": len(partners)})
    busiest = max((r["count"] for r in rows), default=0)
    for row in rows:
        row["heat"] = 0 if not row["count"] else 1 + (3 * row["count"] - 1) // max(busiest, 1)
    return sorted(rows, key=lambda r: (-r["count"], r["code"]))


# -- scorecards -------------------------------------------------------------------------------------------------


def list_scorecards_for(user, *, status: str = "", flagged: bool | None = None, partner: Partner | None = None):
    qs = access.scorecards_visible_to(user).select_related("partner__customer")
    if status:
        qs = qs.filter(status=status)
    if flagged is not None:
        qs = qs.filter(flagged=flagged)
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs


def get_scorecard_for(user, pk) -> PartnerScorecard:
    return _get_or_404(access.scorecards_visible_to(user).select_related("partner__customer"), pk)
