"""Writers of sales plans: create and correct, submit to the branch GM, approve or reject, consolidate a month's
branch plans to head office (domain.md §3)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core.notify import notify

from .. import rules, workflow_money
from ..choices import PlanPeriod, PlanStatus
from ..models import PlanConsolidation, SalesPlan

EDITABLE = {"period_kind", "period_start", "org_unit", "market", "rep", "partner", "category", "amount", "quantity",
            "notes"}


def _locked(plan: SalesPlan) -> SalesPlan:
    return SalesPlan.objects.select_for_update().get(pk=plan.pk)


def _place(fields: dict) -> dict:
    """Normalise the period to its bounds and place the plan in the organisation (a partner's or rep's unit)."""
    kind = fields.get("period_kind") or PlanPeriod.MONTH
    start = fields.get("period_start")
    if start is None:
        raise ValidationError({"period_start": _("Give a date in the plan's period.")})
    fields["period_kind"] = kind
    fields["period_start"], fields["period_end"] = rules.period_bounds(kind, start)
    partner, rep = fields.get("partner"), fields.get("rep")
    if partner is not None and rep is not None:
        raise ValidationError({"partner": _("A plan is for a partner or for a rep, not both.")})
    if fields.get("org_unit") is None:
        if partner is not None:
            fields["org_unit"] = partner.customer.org_unit
        elif rep is not None:
            fields["org_unit"] = org_selectors.unit_of(rep)
    if fields.get("org_unit") is None and partner is None and rep is None:
        raise ValidationError({"org_unit": _("Choose the unit, rep or partner the plan is for.")})
    amount = fields.get("amount")
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({"amount": _("The planned amount must be more than zero.")})
    if fields.get("quantity") is not None and Decimal(fields["quantity"]) < 0:
        raise ValidationError({"quantity": _("The quantity cannot be negative.")})
    return fields


@transaction.atomic
def create_plan(*, actor, **fields) -> SalesPlan:
    """A draft plan; `period_start` may be any day of the period (it is moved to the period's first day)."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    plan = SalesPlan(**_place(fields), status=PlanStatus.DRAFT, created_by=actor, updated_by=actor)
    plan.full_clean(exclude=["consolidation"])
    plan.save()
    return plan


@transaction.atomic
def update_plan(*, actor, plan: SalesPlan, **changes) -> SalesPlan:
    """Correct a draft or rejected plan."""
    plan = _locked(plan)
    if plan.status not in {PlanStatus.DRAFT, PlanStatus.REJECTED}:
        raise workflow_money.StateConflict(_("Only draft or rejected plans can be changed."), code="not_editable")
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    current = {name: getattr(plan, name) for name in EDITABLE}
    placed = _place({**current, **changes})
    for name, value in placed.items():
        setattr(plan, name, value)
    plan.updated_by = actor
    plan.save()
    return plan


def _approvers(plan: SalesPlan):
    """Who approves: the head of the plan's unit (the branch GM), else every holder of the approval right."""
    head = plan.org_unit.head if plan.org_unit_id else None
    if head is not None and head.has_perm("orders.approve_salesplan"):
        return [head]
    return [u for u in org_selectors.users_with_role("branch_gm") if u.has_perm("orders.approve_salesplan")][:5]


@transaction.atomic
def submit_plan(*, actor, plan: SalesPlan) -> SalesPlan:
    """Send the plan to the branch GM for approval."""
    plan = _locked(plan)
    workflow_money.move("plan", plan, PlanStatus.SUBMITTED)
    plan.submitted_at, plan.submitted_by, plan.updated_by = timezone.now(), actor, actor
    plan.decision_note = ""
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "decision_note", "updated_by", "updated_at"])
    notify(_approvers(plan), title=_("Sales plan to approve: %(plan)s") % {"plan": plan.subject_label},
           url=reverse("orders:plans"))
    return plan


def _decide(*, actor, plan: SalesPlan, target: str, note: str) -> SalesPlan:
    plan = _locked(plan)
    workflow_money.move("plan", plan, target)
    plan.decided_at, plan.decided_by, plan.decision_note, plan.updated_by = timezone.now(), actor, note[:300], actor
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_by", "updated_at"])
    title = (_("Sales plan approved: %(plan)s") if target == PlanStatus.APPROVED
             else _("Sales plan rejected: %(plan)s")) % {"plan": plan.subject_label}
    notify([plan.submitted_by], title=title, body=note, url=reverse("orders:plans"))
    return plan


@transaction.atomic
def approve_plan(*, actor, plan: SalesPlan, note: str = "") -> SalesPlan:
    """The branch GM approves; a partner's approved plan becomes its sales quota."""
    return _decide(actor=actor, plan=plan, target=PlanStatus.APPROVED, note=note)


@transaction.atomic
def reject_plan(*, actor, plan: SalesPlan, reason: str) -> SalesPlan:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason.")})
    return _decide(actor=actor, plan=plan, target=PlanStatus.REJECTED, note=reason.strip())


def _totals(plans) -> tuple[Decimal, list[dict], list[dict]]:
    by_product: dict[str, dict] = defaultdict(lambda: {"amount": Decimal("0"), "quantity": Decimal("0")})
    by_branch: dict[str, dict] = defaultdict(lambda: {"amount": Decimal("0"), "plans": 0})
    for plan in plans:
        product = plan.category.name if plan.category_id else _("All products")
        by_product[product]["amount"] += plan.amount
        by_product[product]["quantity"] += plan.quantity or 0
        branch = str(plan.org_unit) if plan.org_unit_id else _("Company")
        by_branch[branch]["amount"] += plan.amount
        by_branch[branch]["plans"] += 1
    total = sum((row["amount"] for row in by_branch.values()), Decimal("0"))
    return (total,
            [{"product": k, "amount": str(v["amount"]), "quantity": str(v["quantity"])}
             for k, v in sorted(by_product.items())],
            [{"branch": k, "amount": str(v["amount"]), "plans": v["plans"]} for k, v in sorted(by_branch.items())])


@transaction.atomic
def consolidate_month(*, actor, month: datetime.date) -> PlanConsolidation:
    """Consolidate a month's approved branch plans (units and their markets, not reps or partners) to head office;
    running it again adds plans approved since, so it is safe to repeat."""
    start, _end = rules.period_bounds(PlanPeriod.MONTH, month)
    consolidation, _created = PlanConsolidation.objects.select_for_update().get_or_create(
        month=start, defaults={"created_by": actor, "updated_by": actor})
    fresh = SalesPlan.objects.filter(
        period_kind=PlanPeriod.MONTH, period_start=start, status=PlanStatus.APPROVED, rep__isnull=True,
        partner__isnull=True)
    fresh.update(status=PlanStatus.CONSOLIDATED, consolidation=consolidation, updated_at=timezone.now())
    plans = list(consolidation.plans.select_related("org_unit", "category"))
    if not plans:
        raise ValidationError({"month": _("No approved branch plans for %(month)s.") % {"month": f"{start:%Y-%m}"}})
    consolidation.total_amount, consolidation.by_product, consolidation.by_branch = _totals(plans)
    consolidation.consolidated_at, consolidation.consolidated_by, consolidation.updated_by = (
        timezone.now(), actor, actor)
    consolidation.save()
    return consolidation
