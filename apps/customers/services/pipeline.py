"""Writers of the sales process (domain.md §3): activities, visit plans, opportunities and leads."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core import divisions
from core.money import to_money
from core.notify import notify
from core.phones import normalize_phone

from .. import pipeline_workflow as workflow
from ..choices import ActivityKind, CustomerKind, LeadStatus, OpportunityStage
from ..models import Activity, Customer, Lead, Opportunity, VisitPlan
from .archive import DuplicateCustomer, create_customer

ACTIVITY_FIELDS = {"kind", "subject", "occurred_at", "outcome", "next_step", "remind_at", "contact", "opportunity"}
OPPORTUNITY_FIELDS = {"name", "amount", "expected_close", "products", "source", "owner"}
LEAD_FIELDS = {"name", "company", "phone", "email", "province_code", "city_code", "source", "interest", "notes"}


def _refuse_unknown(changes: dict, allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be set.") for f in sorted(unknown)})


# -- activities ----------------------------------------------------------------------------------------------


def _touch_customer(customer_id: int, when: datetime.datetime) -> None:
    """Move the customer's last follow-up forward (never back, never into the future)."""
    when = min(when, timezone.now())
    Customer.objects.filter(pk=customer_id).filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=when)
    ).update(last_activity_at=when)


def _check_activity(activity: Activity) -> None:
    if activity.contact_id and activity.contact.customer_id != activity.customer_id:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    if activity.opportunity_id and activity.opportunity.customer_id != activity.customer_id:
        raise ValidationError({"opportunity": _("This opportunity belongs to another customer.")})
    if not activity.subject.strip():
        raise ValidationError({"subject": _("Say what the contact was about.")})
    activity.full_clean(exclude=["customer", "owner", "contact", "opportunity"])


def _tick_visit_plan(activity: Activity, plan: VisitPlan | None) -> None:
    """Mark the visit plan done by this visit: the given one, or the rep's open plan for the customer that week."""
    if plan is None:
        day = timezone.localtime(activity.occurred_at).date()
        monday = day - datetime.timedelta(days=day.weekday())
        plan = (VisitPlan.objects.select_for_update()
                .filter(owner=activity.owner, customer=activity.customer, activity__isnull=True,
                        planned_on__range=(monday, monday + datetime.timedelta(days=6)))
                .order_by("planned_on", "id").first())
        if plan is None:
            return
    elif plan.customer_id != activity.customer_id or plan.activity_id:
        raise ValidationError({"visit_plan": _("This visit plan is for another customer or already done.")})
    plan.activity = activity
    plan.updated_by = activity.owner
    plan.save(update_fields=["activity", "updated_by", "updated_at"])


@transaction.atomic
def log_activity(*, actor, customer: Customer, kind: str, subject: str, occurred_at: datetime.datetime | None = None,
                 outcome: str = "", next_step: str = "", remind_at: datetime.datetime | None = None,
                 contact=None, opportunity: Opportunity | None = None, participants=(),
                 visit_plan: VisitPlan | None = None) -> Activity:
    """Record a contact with a customer; it moves the customer's last follow-up and a visit ticks off its plan."""
    activity = Activity(customer=customer, kind=kind, subject=subject.strip(),
                        occurred_at=occurred_at or timezone.now(), outcome=outcome, next_step=next_step.strip(),
                        remind_at=remind_at, contact=contact, opportunity=opportunity, owner=actor,
                        created_by=actor, updated_by=actor)
    _check_activity(activity)
    activity.save()
    if participants:
        activity.participants.set(participants)
    _touch_customer(customer.pk, activity.occurred_at)
    if kind == ActivityKind.VISIT:
        _tick_visit_plan(activity, visit_plan)
    return activity


@transaction.atomic
def update_activity(*, actor, activity: Activity, participants=None, **changes) -> Activity:
    """Correct an activity; a new reminder time re-arms the reminder."""
    _refuse_unknown(changes, ACTIVITY_FIELDS)
    if "remind_at" in changes and changes["remind_at"] != activity.remind_at:
        activity.reminded_at = None
    for field, value in changes.items():
        setattr(activity, field, value)
    activity.updated_by = actor
    _check_activity(activity)
    activity.save()
    if participants is not None:
        activity.participants.set(participants)
    _touch_customer(activity.customer_id, activity.occurred_at)
    return activity


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Tell each owner about their activities whose reminder time has come (once each); returns how many."""
    now = now or timezone.now()
    due = Activity.objects.filter(remind_at__lte=now, reminded_at__isnull=True).select_related("customer", "owner")
    sent = 0
    for activity in due:
        with transaction.atomic():
            if not Activity.objects.filter(pk=activity.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another worker sent it
            notify([activity.owner], title=_("Reminder: %(step)s · %(customer)s")
                   % {"step": activity.next_step or activity.subject, "customer": activity.customer.name},
                   body=activity.subject, url=_reminder_url(activity), level="warning")
        sent += 1
    return sent


def _reminder_url(activity: Activity) -> str:
    return reverse("customers:detail", args=[activity.customer_id]) + "?tab=activities"


# -- visit plans ---------------------------------------------------------------------------------------------


@transaction.atomic
def plan_visit(*, actor, customer: Customer, planned_on: datetime.date, purpose: str = "", owner=None) -> VisitPlan:
    """Put a visit to `customer` in a rep's week (the actor's own unless a rep is given)."""
    owner = owner or actor
    if VisitPlan.objects.filter(owner=owner, customer=customer, planned_on=planned_on).exists():
        raise ValidationError({"planned_on": _("This visit is already planned for that day.")})
    plan = VisitPlan(owner=owner, customer=customer, planned_on=planned_on, purpose=purpose.strip(),
                     created_by=actor, updated_by=actor)
    plan.full_clean(exclude=["owner", "customer", "activity"])
    plan.save()
    return plan


def _open_plan(plan: VisitPlan) -> VisitPlan:
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.activity_id:
        raise ValidationError(_("This visit has been made; its plan can no longer change."), code="done")
    return plan


@transaction.atomic
def move_visit(*, actor, plan: VisitPlan, planned_on: datetime.date, purpose: str | None = None) -> VisitPlan:
    """Move a planned visit to another day (and change its purpose)."""
    plan = _open_plan(plan)
    clash = VisitPlan.objects.filter(owner=plan.owner_id, customer=plan.customer_id, planned_on=planned_on)
    if clash.exclude(pk=plan.pk).exists():
        raise ValidationError({"planned_on": _("This visit is already planned for that day.")})
    plan.planned_on = planned_on
    if purpose is not None:
        plan.purpose = purpose.strip()
    plan.updated_by = actor
    plan.save(update_fields=["planned_on", "purpose", "updated_by", "updated_at"])
    return plan


@transaction.atomic
def remove_visit(*, actor, plan: VisitPlan) -> None:
    """Drop a visit that has not been made."""
    plan = _open_plan(plan)
    plan.updated_by = actor
    plan.delete()


# -- opportunities -------------------------------------------------------------------------------------------


def _money(amount) -> object:
    value = to_money(amount if amount not in (None, "") else 0)
    if value < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    return value


def _end_of_column(stage: str, exclude_pk: int | None = None) -> int:
    column = Opportunity.objects.filter(stage=stage).exclude(pk=exclude_pk)
    return (column.aggregate(last=Max("position"))["last"] or 0) + 1


def _notify_new_owner(actor, opportunity: Opportunity) -> None:
    if opportunity.owner_id != getattr(actor, "pk", None):
        notify([opportunity.owner], title=_("Opportunity assigned to you: %(name)s") % {"name": opportunity.name},
               url=reverse("customers:opportunity-detail", args=[opportunity.pk]))


@transaction.atomic
def create_opportunity(*, actor, customer: Customer, name: str, stage: str = OpportunityStage.APPROACH, amount=0,
                       expected_close: datetime.date | None = None, products: str = "", source: str = "",
                       owner=None) -> Opportunity:
    """Open a deal with a customer at an open stage (接近 by default), owned by the actor unless given."""
    if not workflow.is_open(stage):
        raise ValidationError({"stage": _("A new opportunity starts at an open stage.")})
    opportunity = Opportunity(
        customer=customer, name=name.strip(), stage=stage, amount=_money(amount), expected_close=expected_close,
        products=products.strip(), source=source, owner=owner or actor, stage_changed_at=timezone.now(),
        position=_end_of_column(stage), created_by=actor, updated_by=actor,
    )
    opportunity.full_clean(exclude=["customer", "owner"])
    opportunity.save()
    _notify_new_owner(actor, opportunity)
    return opportunity


@transaction.atomic
def update_opportunity(*, actor, opportunity: Opportunity, **changes) -> Opportunity:
    """Change a deal's name, amount, close date, products, source or owner (never its stage: see move)."""
    _refuse_unknown(changes, OPPORTUNITY_FIELDS)
    if "amount" in changes:
        changes["amount"] = _money(changes["amount"])
    new_owner = "owner" in changes and changes["owner"] is not None and changes["owner"].pk != opportunity.owner_id
    if "owner" in changes and changes["owner"] is None:
        raise ValidationError({"owner": _("An opportunity needs an owner.")})
    for field, value in changes.items():
        setattr(opportunity, field, value)
    opportunity.updated_by = actor
    opportunity.full_clean(exclude=["customer", "owner"])
    opportunity.save()
    if new_owner:
        _notify_new_owner(actor, opportunity)
    return opportunity


@transaction.atomic
def move_opportunity(*, actor, opportunity: Opportunity, stage: str, position: int | None = None,
                     lost_reason: str = "") -> Opportunity:
    """Move a deal to a stage and a place in its column (the end unless given); lost needs a reason, won dates
    the customer's last deal."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if stage != opportunity.stage:
        _change_stage(actor, opportunity, stage, lost_reason)
    if position is None:
        position = _end_of_column(stage, exclude_pk=opportunity.pk)
    # Board order is not business history: the column shifts with plain updates.
    Opportunity.objects.filter(stage=stage, position__gte=position).exclude(pk=opportunity.pk).update(
        position=F("position") + 1)
    Opportunity.objects.filter(pk=opportunity.pk).update(position=position)
    opportunity.position = position
    return opportunity


def _change_stage(actor, opportunity: Opportunity, stage: str, lost_reason: str) -> None:
    lost_reason = (lost_reason or "").strip()
    if stage == OpportunityStage.LOST and not lost_reason:
        raise ValidationError({"lost_reason": _("Say why the opportunity was lost.")}, code="required")
    workflow.move(opportunity, stage)
    now = timezone.now()
    opportunity.stage_changed_at = now
    opportunity.closed_at = None if workflow.is_open(stage) else now
    opportunity.lost_reason = lost_reason if stage == OpportunityStage.LOST else ""
    opportunity.updated_by = actor
    opportunity.save(update_fields=["stage", "stage_changed_at", "closed_at", "lost_reason", "updated_by",
                                    "updated_at"])
    if stage == OpportunityStage.WON:
        Customer.objects.filter(pk=opportunity.customer_id).filter(
            Q(last_deal_at__isnull=True) | Q(last_deal_at__lt=now)).update(last_deal_at=now)


# -- leads ---------------------------------------------------------------------------------------------------


def _clean_lead(lead: Lead) -> None:
    try:
        lead.phone = normalize_phone(lead.phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    if not lead.name.strip():
        raise ValidationError({"name": _("Enter the contact's name.")})
    for field, level in [("province_code", 1), ("city_code", 2)]:
        code = getattr(lead, field)
        division = divisions.get(code) if code else None
        if code and (division is None or division.level != level):
            raise ValidationError({field: _("Unknown administrative division code.")})
    if lead.city_code and lead.city_code[:2] != (lead.province_code or lead.city_code)[:2]:
        raise ValidationError({"city_code": _("The city is not in the chosen province.")})
    lead.full_clean(exclude=["owner", "org_unit", "customer", "opportunity"])


@transaction.atomic
def create_lead(*, actor, name: str, owner=None, **fields) -> Lead:
    """Record an unqualified contact (trade fair, internet, website form); the actor owns it unless given."""
    _refuse_unknown(fields, LEAD_FIELDS - {"name"})
    owner = owner or actor
    lead = Lead(name=name.strip(), owner=owner, org_unit=org_selectors.unit_of(owner), created_by=actor,
                updated_by=actor, **fields)
    _clean_lead(lead)
    lead.save()
    return lead


def _locked_lead(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


@transaction.atomic
def update_lead(*, actor, lead: Lead, **changes) -> Lead:
    """Correct a lead that is still open."""
    _refuse_unknown(changes, LEAD_FIELDS)
    lead = _locked_lead(lead)
    if lead.status in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED):
        raise ValidationError(_("A converted or disqualified lead cannot change."), code="closed")
    for field, value in changes.items():
        setattr(lead, field, value)
    lead.updated_by = actor
    _clean_lead(lead)
    lead.save()
    return lead


@transaction.atomic
def assign_lead(*, actor, lead: Lead, owner) -> Lead:
    """Hand an open lead to a rep, who is told."""
    lead = _locked_lead(lead)
    if lead.status in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED):
        raise ValidationError(_("A converted or disqualified lead cannot change."), code="closed")
    lead.owner, lead.org_unit, lead.updated_by = owner, org_selectors.unit_of(owner), actor
    lead.save(update_fields=["owner", "org_unit", "updated_by", "updated_at"])
    if owner.pk != actor.pk:
        notify([owner], title=_("Lead assigned to you: %(name)s") % {"name": lead},
               url=reverse("customers:lead-detail", args=[lead.pk]))
    return lead


@transaction.atomic
def mark_lead_contacted(*, actor, lead: Lead) -> Lead:
    """Note that someone has talked to the lead."""
    lead = _locked_lead(lead)
    workflow.change_lead(lead, LeadStatus.CONTACTED)
    lead.updated_by = actor
    lead.save(update_fields=["status", "updated_by", "updated_at"])
    return lead


def _customer_for_lead(*, actor, lead: Lead, owner) -> Customer:
    """A new customer from the lead, or the existing one it duplicates (same phone, credit code or name)."""
    fields = {"name": lead.company or lead.name, "phone": lead.phone, "email": lead.email,
              "province_code": lead.province_code, "city_code": lead.city_code, "source": lead.source,
              "kind": CustomerKind.COMPANY if lead.company else CustomerKind.INDIVIDUAL}
    contacts = [{"name": lead.name, "phone": lead.phone, "email": lead.email}] if lead.company else []
    try:
        with transaction.atomic():
            return create_customer(actor=actor, owner=owner, contacts=contacts, **fields)
    except DuplicateCustomer as exc:
        return exc.existing


@transaction.atomic
def convert_lead(*, actor, lead: Lead, customer: Customer | None = None, opportunity_name: str = "", amount=0,
                 expected_close: datetime.date | None = None, products: str | None = None,
                 owner=None) -> tuple[Customer, Opportunity]:
    """Turn a lead into a customer (or link the existing one) and an opportunity at 接近."""
    lead = _locked_lead(lead)
    workflow.change_lead(lead, LeadStatus.CONVERTED)
    owner = owner or lead.owner or actor
    if customer is None:
        customer = _customer_for_lead(actor=actor, lead=lead, owner=owner)
    name = opportunity_name.strip() or f"{customer.name} · {lead.interest or lead}"
    opportunity = create_opportunity(
        actor=actor, customer=customer, name=name[:200], amount=amount, expected_close=expected_close,
        products=lead.interest if products is None else products, source=lead.source, owner=owner,
    )
    lead.customer, lead.opportunity, lead.updated_by = customer, opportunity, actor
    lead.save(update_fields=["status", "customer", "opportunity", "updated_by", "updated_at"])
    return customer, opportunity


@transaction.atomic
def disqualify_lead(*, actor, lead: Lead, reason: str) -> Lead:
    """Close a lead that will not become a customer, with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the lead is disqualified.")}, code="required")
    lead = _locked_lead(lead)
    workflow.change_lead(lead, LeadStatus.DISQUALIFIED)
    lead.disqualified_reason, lead.updated_by = reason.strip(), actor
    lead.save(update_fields=["status", "disqualified_reason", "updated_by", "updated_at"])
    return lead
