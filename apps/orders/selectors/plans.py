"""Reads of sales plans: a partner's quota, plan lists and attainment (plan vs booked and collected revenue)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scopes import restrict

from .. import rules
from ..access_money import plans_visible_to
from ..choices import DeliveryRule, OrderStatus, PlanPeriod, PlanStatus
from ..choices_fulfilment import ShipmentStatus
from ..models import ARDocument, Order, Payment, SalesPlan, ShipmentLine

ZERO = Decimal("0")
# A plan in force: approved by the branch GM, or already consolidated to head office.
IN_FORCE = [PlanStatus.APPROVED, PlanStatus.CONSOLIDATED]
# Orders that count against a quota: submitted and later, not cancelled (drafts are not orders yet).
NOT_ORDERED = [OrderStatus.DRAFT, OrderStatus.CANCELLED]
# The shortest plan period wins: a monthly quota is more precise than a quarter's or a year's.
PERIOD_PRECEDENCE = [PlanPeriod.MONTH, PlanPeriod.QUARTER, PlanPeriod.YEAR]


@dataclass(frozen=True)
class Quota:
    """A partner's sales quota for a period: the sum of its approved plans of one period kind."""

    amount: Decimal
    period_kind: str
    start: datetime.date
    end: datetime.date


def quota_for(partner, on: datetime.date) -> Quota | None:
    """The partner's approved plan for the period containing `on` (month before quarter before year); when a
    whole-range plan exists it is the quota, otherwise the product-line plans add up. None: no quota applies."""
    if partner is None:
        return None
    plans = list(SalesPlan.objects.filter(partner=partner, status__in=IN_FORCE, period_start__lte=on,
                                          period_end__gte=on).values("period_kind", "period_start", "period_end",
                                                                     "category_id", "amount"))
    for kind in PERIOD_PRECEDENCE:
        of_kind = [p for p in plans if p["period_kind"] == kind]
        if not of_kind:
            continue
        whole = [p for p in of_kind if p["category_id"] is None]
        counted = whole or of_kind
        return Quota(amount=sum((p["amount"] for p in counted), ZERO), period_kind=kind,
                     start=min(p["period_start"] for p in counted), end=max(p["period_end"] for p in counted))
    return None


def _ordered(partner, start: datetime.date, end: datetime.date, *, exclude_order=None,
             before: datetime.datetime | None = None) -> Decimal:
    orders = Order.objects.filter(partner=partner, submitted_at__date__gte=start, submitted_at__date__lte=end) \
        .exclude(status__in=NOT_ORDERED)
    if exclude_order is not None:
        orders = orders.exclude(pk=exclude_order.pk)
    if before is not None:
        orders = orders.filter(submitted_at__lt=before)
    return orders.aggregate(total=Sum("total_amount"))["total"] or ZERO


def quota_remaining(partner, on: datetime.date, *, exclude_order=None) -> Decimal | None:
    """The partner's quota for the period containing `on` minus what it has already ordered in that period
    (submitted and later, not cancelled; `exclude_order` leaves out the order being judged). Negative when the
    partner is past its quota; None when no quota applies (then the standard within-quota promise applies)."""
    quota = quota_for(partner, on)
    if quota is None:
        return None
    return quota.amount - _ordered(partner, quota.start, quota.end, exclude_order=exclude_order)


def beyond_quota_at_order(order) -> tuple[bool, str]:
    """Whether the goods of `order` were bought beyond the partner's quota when it was ordered, and how that was
    judged. The delivery rule recorded at submission answers it when present (it was decided from the quota then);
    otherwise the quota of the order's period is compared with what the partner had ordered before this order:
    the order is beyond the quota when its total exceeds the headroom left. No quota → within quota."""
    if order.delivery_rule:
        beyond = order.delivery_rule == DeliveryRule.BEYOND_QUOTA
        return beyond, _("Recorded when the order was submitted: %(rule)s.") % {
            "rule": DeliveryRule(order.delivery_rule).label}
    if order.partner_id is None:
        return False, _("Not a partner order: no quota applies, the within-quota rate is used.")
    moment = order.submitted_at or order.created_at
    on = timezone.localdate(moment) if moment else order.price_date
    quota = quota_for(order.partner, on)
    if quota is None:
        return False, _("The partner had no approved plan for %(on)s: the within-quota rate is used.") % {"on": on}
    headroom = quota.amount - _ordered(order.partner, quota.start, quota.end, exclude_order=order, before=moment)
    beyond = order.total_amount > headroom
    return beyond, _("Quota %(quota)s for %(start)s–%(end)s, %(headroom)s left before this order of %(total)s.") % {
        "quota": quota.amount, "start": quota.start, "end": quota.end, "headroom": max(headroom, ZERO),
        "total": order.total_amount}


# -- lists and attainment -------------------------------------------------------------------------------------------

DIMENSIONS = ("branch", "region", "rep", "product")


def list_plans_for(user, *, period_kind: str = "", start: datetime.date | None = None, status: str = ""):
    qs = plans_visible_to(user).select_related("org_unit", "rep", "partner__customer", "category", "submitted_by")
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    if start is not None:
        qs = qs.filter(period_start=start)
    if status:
        qs = qs.filter(status=status)
    return qs


def _key_label(rows, key: str, label: str) -> dict:
    return {row[key]: row[label] for row in rows if row[key] is not None}


def attainment_for(user, *, kind: str, on: datetime.date, by: str) -> dict:
    """Plan vs booked (invoiced shipments) vs collected (payments) for the period of `kind` containing `on`, per
    branch, region, rep or product line, in the user's scope. Product lines have no collected figure (payments are
    not per product); their booked figure is the dispatched shipment lines' amount."""
    start, end = rules.period_bounds(kind, on)
    plans = plans_visible_to(user).filter(period_kind=kind, period_start=start, status__in=IN_FORCE)
    plan_field, plan_label, fact_field, fact_label = {
        "branch": ("org_unit_id", "org_unit__name", "customer__org_unit_id", "customer__org_unit__name"),
        "region": ("org_unit__region_id", "org_unit__region__name", "customer__region_id", "customer__region__name"),
        "rep": ("rep_id", "rep__employee__name", "customer__owner_id", "customer__owner__employee__name"),
        "product": ("category_id", "category__name", "order_line__product__category_id",
                    "order_line__product__category__name"),
    }[by]
    if by == "rep":
        plans = plans.filter(rep__isnull=False)
    elif by == "product":
        plans = plans.filter(category__isnull=False, rep__isnull=True, partner__isnull=True)
    else:
        plans = plans.filter(rep__isnull=True, partner__isnull=True)
    plan_rows = list(plans.values(plan_field, plan_label).annotate(total=Sum("amount")).order_by())
    labels = _key_label(plan_rows, plan_field, plan_label)
    planned = {row[plan_field]: row["total"] for row in plan_rows}
    booked: dict = {}
    collected: dict = {}
    if by == "product":
        shipped = ShipmentLine.objects.filter(
            shipment__dispatched_at__date__range=(start, end), shipment__order__in=restrict(Order.objects.all(), user)
        ).exclude(shipment__status=ShipmentStatus.CANCELLED)
        rows = list(shipped.values(fact_field, fact_label).annotate(total=Sum(F("amount"))).order_by())
        labels.update(_key_label(rows, fact_field, fact_label))
        booked = {row[fact_field]: row["total"] for row in rows}
    else:
        invoices = restrict(ARDocument.objects.filter(kind="invoice", document_date__range=(start, end)), user)
        rows = list(invoices.values(fact_field, fact_label).annotate(total=Sum("amount")).order_by())
        labels.update(_key_label(rows, fact_field, fact_label))
        booked = {row[fact_field]: row["total"] for row in rows}
        paid = restrict(Payment.objects.filter(received_on__range=(start, end)), user)
        rows = list(paid.values(fact_field, fact_label).annotate(total=Sum("amount")).order_by())
        labels.update(_key_label(rows, fact_field, fact_label))
        collected = {row[fact_field]: row["total"] for row in rows}
    table = []
    for key in sorted(labels, key=lambda k: -(planned.get(k) or ZERO)):
        plan = planned.get(key) or ZERO
        table.append({"label": labels[key], "plan": plan, "booked": booked.get(key) or ZERO,
                      "collected": collected.get(key) if by != "product" else None,
                      "attainment": rules.attainment_percent(booked.get(key) or ZERO, plan)})
    totals = {"plan": sum((r["plan"] for r in table), ZERO), "booked": sum((r["booked"] for r in table), ZERO),
              "collected": sum((r["collected"] or ZERO for r in table), ZERO)}
    totals["attainment"] = rules.attainment_percent(totals["booked"], totals["plan"])
    series = [{"name": _("Plan"), "values": [float(r["plan"]) for r in table]},
              {"name": _("Booked"), "values": [float(r["booked"]) for r in table]}]
    if by != "product":
        series.append({"name": _("Collected"), "values": [float(r["collected"] or 0) for r in table]})
    chart = {"type": "bar", "labels": [str(r["label"]) for r in table], "series": series}
    return {"start": start, "end": end, "rows": table, "totals": totals, "chart": chart}
