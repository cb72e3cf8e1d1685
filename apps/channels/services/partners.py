"""Writers of partners: lifecycle moves, profile, territory, authorisation documents and portal logins."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.customers import services as customer_services
from apps.org import selectors as org_selectors
from apps.org import services as org_services
from core import divisions
from core import rules as rule_data

from .. import rules, workflow
from ..choices import (
    AUTHORISATION_DOCUMENT,
    CUSTOMER_KIND_FOR_TIER,
    OFFICE_UNIT_KIND,
    PARTNER_CUSTOMER_KIND,
    PARTNER_CUSTOMER_KINDS,
    PARTNER_UNIT_KIND,
    PartnerStage,
    PartnerStatus,
    PartnerTier,
)
from ..models import Partner, PartnerEvent, PortalLogin, Territory
from ..workflow import StateConflict
from . import notices
from .files import attach_file

_STATUS_FIELDS = ["status", "tier", "status_reason", "updated_by", "updated_at"]


def locked(partner: Partner) -> Partner:
    """The partner re-read under a row lock, for a write."""
    return Partner.objects.select_for_update(of=("self",)).select_related("customer", "unit").get(pk=partner.pk)


def move_partner(partner: Partner, target: str, *, actor, reason: str = "", application=None,
                 extra_fields=(), when: datetime.datetime | None = None) -> PartnerEvent:
    """Change a locked partner's stage through the workflow, save, and record the event."""
    from_stage = workflow.transition(partner, target)
    partner.status_reason = reason[:300]
    partner.updated_by = actor
    partner.save(update_fields=[*_STATUS_FIELDS, *extra_fields])
    return PartnerEvent.objects.create(partner=partner, from_stage=from_stage, to_stage=target, reason=reason[:300],
                                       actor=actor, application=application, occurred_at=when or timezone.now())


def _morning_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _required_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason.")})
    return reason.strip()


# -- creation and admission -------------------------------------------------------------------------------------


def _own_company_unit(customer):
    """The partner company unit a partner's own archive already belongs to (e.g. created with its first login)."""
    unit = customer.partner_unit
    if unit is None or customer.kind not in PARTNER_CUSTOMER_KINDS or Partner.objects.filter(unit=unit).exists():
        return None
    return unit


def create_applicant(*, actor, customer, tier: str, when: datetime.datetime | None = None) -> Partner:
    """Open a partner profile for a customer that applies to become a partner."""
    partner = Partner.objects.create(customer=customer, tier=tier, status=PartnerStatus.APPLICANT,
                                     unit=_own_company_unit(customer), created_by=actor, updated_by=actor)
    PartnerEvent.objects.create(partner=partner, to_stage=PartnerStage.APPLICANT, actor=actor,
                                reason=_("Application submitted"), occurred_at=when or timezone.now())
    kind = CUSTOMER_KIND_FOR_TIER.get(tier, PARTNER_CUSTOMER_KIND)
    if customer.kind != kind:
        customer_services.update_customer(actor=actor, customer=customer, kind=kind)
    return partner


def ensure_partner_unit(*, actor, partner: Partner):
    """The partner company's org unit (its portal users work there), created on first need."""
    if partner.unit_id is None:
        partner.unit = org_services.create_org_unit(
            actor=actor, code=f"partner-c{partner.customer_id}", name=partner.customer.name[:100],
            kind=PARTNER_UNIT_KIND, region=partner.customer.region)
        partner.save(update_fields=["unit"])
    if partner.customer.partner_unit_id != partner.unit_id:
        customer_services.update_customer(actor=actor, customer=partner.customer, partner_unit=partner.unit)
    return partner.unit


def admit_partner(*, actor, partner: Partner, tier: str, application=None, reason: str = "",
                  on: datetime.date | None = None) -> Partner:
    """Admit an applicant at `tier` from `on` (today): a trial gets its term, the company its org unit."""
    today = timezone.localdate()
    on = on or today
    partner.admitted_on = on
    partner.authorised_from = partner.authorised_from or on
    partner.trial_ends_on = None
    if tier == PartnerTier.TRIAL_DISTRIBUTOR:
        partner.trial_ends_on = rules.trial_end(on, rule_data.value("channels.trial_term_days", on=on))
    partner.trial_notice_sent_on = None
    move_partner(partner, tier, actor=actor, reason=reason or _("Admitted"), application=application,
                 extra_fields=["admitted_on", "authorised_from", "trial_ends_on", "trial_notice_sent_on"],
                 when=None if on == today else _morning_of(on))
    ensure_partner_unit(actor=actor, partner=partner)
    return partner


def raise_partner(*, actor, partner: Partner, tier: str, application=None, reason: str = "") -> Partner:
    """Move a partner in force up to `tier` (a trial ends with it)."""
    if partner.status != PartnerStatus.ACTIVE:
        raise StateConflict(_("Only a partner in force can be promoted."), code="invalid_transition")
    partner.trial_ends_on = None
    partner.trial_notice_sent_on = None
    move_partner(partner, tier, actor=actor, reason=reason or _("Promoted"), application=application,
                 extra_fields=["trial_ends_on", "trial_notice_sent_on"])
    return partner


# -- suspension, resumption, termination --------------------------------------------------------------------------


@transaction.atomic
def suspend_partner(*, actor, partner: Partner, reason: str) -> Partner:
    """Suspend (暂停) a partner's authorisation, with the reason."""
    reason = _required_reason(reason)
    partner = locked(partner)
    move_partner(partner, PartnerStage.SUSPENDED, actor=actor, reason=reason)
    notices.tell_users([partner.customer.owner], title=_("Partner %(name)s suspended") % {"name": partner.name},
                       body=reason, url=notices.partner_url(partner), level="warning")
    return partner


@transaction.atomic
def resume_partner(*, actor, partner: Partner, reason: str = "") -> Partner:
    """Lift a suspension: the partner returns to the tier it held."""
    partner = locked(partner)
    move_partner(partner, partner.tier, actor=actor, reason=reason.strip() or _("Suspension lifted"))
    return partner


def end_partner(*, actor, partner: Partner, reason: str) -> Partner:
    """Terminate a locked partner (淘汰): its portal logins are closed, the history stays."""
    move_partner(partner, PartnerStage.TERMINATED, actor=actor, reason=reason)
    for login in partner.portal_logins.select_related("user__employee"):
        employee = getattr(login.user, "employee", None)
        if employee is not None and employee.status != "left":
            org_services.offboard_employee(actor=actor, employee=employee)
    notices.tell_users([partner.customer.owner], title=_("Partner %(name)s terminated") % {"name": partner.name},
                       body=reason, url=notices.partner_url(partner), level="warning")
    return partner


@transaction.atomic
def terminate_partner(*, actor, partner: Partner, reason: str) -> Partner:
    """Terminate a partner with the reason."""
    reason = _required_reason(reason)
    return end_partner(actor=actor, partner=locked(partner), reason=reason)


# -- profile ----------------------------------------------------------------------------------------------------

PROFILE_FIELDS = {"special", "grade", "authorised_products", "authorised_from", "authorised_until", "exclusive",
                  "credit_limit", "payment_term_days", "parent", "office"}


def _check_profile(partner: Partner) -> None:
    if partner.parent_id and (partner.parent_id == partner.pk or partner.parent.parent_id == partner.pk):
        raise ValidationError({"parent": _("A partner cannot work under itself or under its own sub-partner.")})
    if partner.office_id and partner.office.kind != OFFICE_UNIT_KIND:
        raise ValidationError({"office": _("Choose a manufacturer's office.")})
    if partner.authorised_from and partner.authorised_until and partner.authorised_until < partner.authorised_from:
        raise ValidationError({"authorised_until": _("The authorisation cannot end before it starts.")})
    if partner.credit_limit is not None and partner.credit_limit < 0:
        raise ValidationError({"credit_limit": _("The credit limit cannot be negative.")})


@transaction.atomic
def update_partner(*, actor, partner: Partner, **changes) -> Partner:
    """Change the partner's profile: authorisation, products, credit terms, grade, parent, office."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    partner = locked(partner)
    if "authorised_products" in changes:
        changes["authorised_products"] = [p.strip() for p in changes["authorised_products"] if p and p.strip()]
    for field, value in changes.items():
        setattr(partner, field, value)
    _check_profile(partner)
    partner.updated_by = actor
    partner.full_clean(exclude=["customer", "unit", "parent", "office"])
    partner.save()
    return partner


def attach_authorisation(*, actor, partner: Partner, upload):
    """File the signed authorisation letter (授权书) of a partner."""
    return attach_file(actor=actor, record=partner, upload=upload, kind=AUTHORISATION_DOCUMENT)


# -- territory --------------------------------------------------------------------------------------------------


def _place(province_code: str, city_code: str = ""):
    province = divisions.get(province_code)
    if province is None or province.level != 1:
        raise ValidationError({"province_code": _("Choose a province.")})
    city = divisions.get(city_code) if city_code else None
    if city_code and (city is None or city.level != 2 or city.parent_code != province.code):
        raise ValidationError({"city_code": _("Choose a city of that province.")})
    return province, city


def place_of(code: str) -> tuple[str, str]:
    """A province or city code as (province_code, city_code)."""
    division = divisions.get(code)
    if division is None or division.level > 2:
        raise ValidationError({"territory_codes": _("Unknown province or city code %(code)s.") % {"code": code}})
    return (division.code, "") if division.level == 1 else (division.parent_code, division.code)


@transaction.atomic
def add_territory(*, actor, partner: Partner, province_code: str, city_code: str = "") -> Territory:
    """Authorise a partner in a province (or one city of it); the sales region follows the place."""
    province, city = _place(province_code, city_code)
    if partner.territories.filter(province_code=province.code, city_code=city.code if city else "").exists():
        raise ValidationError({"province_code": _("The partner already has this territory.")})
    return Territory.objects.create(
        partner=partner, province_code=province.code, province=province.name, city_code=city.code if city else "",
        city=city.name if city else "", created_by=actor, updated_by=actor,
        region=org_selectors.region_for_location(province.name, city.name if city else ""),
    )


@transaction.atomic
def remove_territory(*, actor, territory: Territory) -> None:
    """Withdraw a territory from a partner's authorisation."""
    territory.updated_by = actor
    territory.delete()


# -- portal logins ----------------------------------------------------------------------------------------------


@transaction.atomic
def grant_portal_login(*, actor, partner: Partner, contact, username: str, password: str) -> PortalLogin:
    """Give a partner contact a portal login (role partner_user) that sees only the partner's own company."""
    partner = locked(partner)
    if partner.status not in {PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED}:
        raise StateConflict(_("Only an admitted partner's contacts get portal logins."), code="partner_not_admitted")
    if contact.customer_id != partner.customer_id:
        raise ValidationError({"contact": _("Choose a contact of this partner.")})
    if PortalLogin.objects.filter(contact=contact).exists():
        raise ValidationError({"contact": _("This contact already has a portal login.")})
    unit = ensure_partner_unit(actor=actor, partner=partner)
    employee = org_services.create_employee(
        actor=actor, username=username, name=contact.name, password=password, org_unit=unit, roles=["partner_user"],
        phone=contact.phone, email=contact.email, status="active")
    return PortalLogin.objects.create(partner=partner, contact=contact, user=employee.user, created_by=actor)


@transaction.atomic
def record_portal_login(*, actor, partner: Partner, user, contact=None) -> PortalLogin:
    """Record a login that already works in the partner's unit (made before the partner profile existed)."""
    if partner.unit_id is None or org_selectors.partner_unit_of(user) != partner.unit:
        raise ValidationError({"user": _("This login does not belong to the partner company.")})
    return PortalLogin.objects.get_or_create(user=user, defaults={"partner": partner, "contact": contact,
                                                                   "created_by": actor})[0]
