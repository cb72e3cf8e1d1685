"""Writers of returns and exchanges (换货与退货, domain.md §4): request against the original order lines, inspection,
then approval by the quota rule — stock received back, credit note issued, returned quantities updated."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import services as catalog_services
from apps.org import selectors as org_selectors
from core import rules as rule_data
from core.notify import notify

from .. import rules, workflow_money
from ..choices import CreditNoteKind, OrderStatus, ReturnOutcome, ReturnStatus
from ..choices_fulfilment import ShipmentStatus
from ..models import OrderLine, ReturnLine, ReturnRequest, Shipment
from ..selectors.plans import beyond_quota_at_order
from ..workflow import StateConflict
from . import receivables
from .numbering import next_ar_number

ZERO = Decimal("0")
RETURNABLE_ORDER_STATUSES = {OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.SIGNED,
                             OrderStatus.RECEIPT_RETURNED, OrderStatus.SETTLED}
OPEN = [ReturnStatus.REQUESTED, ReturnStatus.INSPECTED]
CONDITIONS = ("unsold", "unsoiled", "packaging_intact", "undamaged")


def _pending(line: OrderLine, *, excluding: ReturnRequest | None = None) -> Decimal:
    """Quantity of the line already asked back in open requests."""
    rows = ReturnLine.objects.filter(order_line=line, request__status__in=OPEN)
    if excluding is not None:
        rows = rows.exclude(request=excluding)
    return rows.aggregate(total=Sum("quantity"))["total"] or ZERO


def _check_lines(order, lines: list[dict]) -> list[tuple[OrderLine, Decimal]]:
    if not lines:
        raise ValidationError({"lines": _("Choose at least one line to return.")})
    checked, seen = [], set()
    for row in lines:
        line, quantity = row["order_line"], Decimal(row["quantity"])
        if line.order_id != order.pk:
            raise ValidationError({"lines": _("Line %(line)s is not on order %(order)s.")
                                            % {"line": line.pk, "order": order.number}})
        if line.pk in seen:
            raise ValidationError({"lines": _("Each order line once, please.")})
        seen.add(line.pk)
        returnable = line.shipped_quantity - line.returned_quantity - _pending(line)
        if quantity <= 0 or quantity > returnable:
            raise ValidationError({"lines": _("%(product)s: at most %(n)s can come back.")
                                            % {"product": line.product.name, "n": returnable.normalize()}})
        checked.append((line, quantity))
    return checked


@transaction.atomic
def request_return(*, actor, order, kind: str, reason: str, lines: list[dict], description: str = "",
                   requested_on: datetime.date | None = None) -> ReturnRequest:
    """Ask to exchange or return shipped goods of one order; whether they were bought beyond the quota is judged
    now, from the partner's quota at the original order (selectors.plans.beyond_quota_at_order)."""
    if order.status not in RETURNABLE_ORDER_STATUSES:
        raise StateConflict(_("Only shipped goods can come back."), code="not_shipped")
    checked = _check_lines(order, lines)
    today = requested_on or timezone.localdate()
    beyond, note = beyond_quota_at_order(order)
    request = ReturnRequest.objects.create(
        number=next_ar_number("RT", today), order=order, customer=order.customer, kind=kind, reason=reason,
        description=description, requested_on=today, requested_by=actor, beyond_quota=beyond, quota_note=note[:300],
        created_by=actor, updated_by=actor)
    ReturnLine.objects.bulk_create([ReturnLine(request=request, order_line=line, quantity=quantity,
                                               unit_price=line.unit_price) for line, quantity in checked])
    inspectors = [u for u in org_selectors.users_with_role("sales_admin")
                  if u.has_perm("orders.inspect_returnrequest")]
    notify(inspectors, title=_("Return request %(number)s to inspect") % {"number": request.number},
           url=reverse("orders:return-detail", args=[request.pk]))
    return request


def _locked(request: ReturnRequest) -> ReturnRequest:
    return ReturnRequest.objects.select_for_update().select_related("order").get(pk=request.pk)


def shipped_on(line: OrderLine) -> datetime.date | None:
    """When the line's goods went out: the last dispatch that carried it (the window counts from there)."""
    last = Shipment.objects.filter(lines__order_line=line, dispatched_at__isnull=False).exclude(
        status=ShipmentStatus.CANCELLED).aggregate(last=Max("dispatched_at"))["last"]
    return timezone.localdate(last) if last else None


def decide_line(request: ReturnRequest, line: ReturnLine) -> rules.ReturnDecision:
    """The quota rule for one inspected line, with the parameters in force on the request day."""
    inspection = rules.Inspection(**{name: bool(getattr(line, name)) for name in CONDITIONS})
    return rules.decide_return(
        inspection=inspection, beyond_quota=bool(request.beyond_quota), shipped_on=shipped_on(line.order_line),
        requested_on=request.requested_on,
        window_days=rule_data.value("orders.return_window_days", request.requested_on),
        within_quota_rate=Decimal(str(rule_data.value("orders.return_within_quota_rate", request.requested_on))),
        amount=line.amount)


@transaction.atomic
def inspect_return(*, actor, request: ReturnRequest, findings: list[dict], warehouse=None,
                   note: str = "") -> ReturnRequest:
    """Record what the goods looked like (per line: unsold, unsoiled, packaging intact, undamaged) and what the
    rule makes of it; may be repeated until the decision."""
    request = _locked(request)
    workflow_money.move("return", request, ReturnStatus.INSPECTED)
    lines = {line.pk: line for line in request.lines.select_related("order_line")}
    found = {int(row["line"]): row for row in findings}
    if set(found) != set(lines):
        raise ValidationError({"findings": _("Record the inspection of every line.")})
    total = ZERO
    for pk, line in lines.items():
        for name in CONDITIONS:
            setattr(line, name, bool(found[pk].get(name)))
        decision = decide_line(request, line)
        line.outcome, line.credit_rate, line.credit_amount = decision.outcome, decision.rate, decision.credit
        line.outcome_reason = decision.reason[:300]
        total += decision.credit
    ReturnLine.objects.bulk_update(lines.values(), [*CONDITIONS, "outcome", "credit_rate", "credit_amount",
                                                    "outcome_reason"])
    request.inspected_at, request.inspected_by, request.inspection_note = timezone.now(), actor, note[:300]
    request.warehouse = warehouse or request.warehouse
    request.credit_amount, request.updated_by = total, actor
    request.save(update_fields=["status", "inspected_at", "inspected_by", "inspection_note", "warehouse",
                                "credit_amount", "updated_by", "updated_at"])
    return request


def _take_back(line: ReturnLine) -> None:
    """Count the goods as returned on the order line; the conditional UPDATE refuses more than was shipped."""
    updated = OrderLine.objects.filter(
        pk=line.order_line_id, shipped_quantity__gte=F("returned_quantity") + line.quantity,
    ).update(returned_quantity=F("returned_quantity") + line.quantity)
    if not updated:
        raise StateConflict(_("More would come back than was shipped."), code="over_returned")


@transaction.atomic
def approve_return(*, actor, request: ReturnRequest) -> ReturnRequest:
    """Accept the lines the rule credits: goods back into the warehouse, one credit note for the credit, the order
    lines' returned quantities updated. Lines the rule rejects stay with the partner."""
    request = _locked(request)
    workflow_money.move("return", request, ReturnStatus.APPROVED)
    if request.warehouse_id is None:
        raise ValidationError({"warehouse": _("Choose the warehouse the goods come back into.")})
    lines = list(request.lines.select_related("order_line__product"))
    accepted = [line for line in lines if line.outcome in (ReturnOutcome.FULL, ReturnOutcome.DISCOUNTED)]
    if not accepted:
        raise StateConflict(_("The rule credits none of the lines: reject the request instead."),
                            code="nothing_to_credit")
    today = timezone.localdate()
    for line in accepted:
        catalog_services.receive_stock(actor=actor, product=line.order_line.product, warehouse=request.warehouse,
                                       quantity=line.quantity, reference=request.number, reference_object=request,
                                       note=_("Returned goods"))
        _take_back(line)
    credit = sum((line.credit_amount for line in accepted), ZERO)
    note = receivables.post_credit_note(
        actor=actor, customer=request.customer, amount=credit, on=today, order=request.order,
        kind=CreditNoteKind.RETURN, reference=request.number, source_id=request.pk,
        reason=_("Return %(number)s") % {"number": request.number})
    request.credit_amount, request.credit_reference = credit, note.number
    request.decided_at, request.decided_by, request.updated_by = timezone.now(), actor, actor
    request.save(update_fields=["status", "credit_amount", "credit_reference", "decided_at", "decided_by",
                                "updated_by", "updated_at"])
    notify([request.requested_by], title=_("Return %(number)s approved: %(credit)s credited")
           % {"number": request.number, "credit": credit}, url=reverse("orders:return-detail", args=[request.pk]))
    return request


@transaction.atomic
def reject_return(*, actor, request: ReturnRequest, reason: str) -> ReturnRequest:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason.")})
    request = _locked(request)
    workflow_money.move("return", request, ReturnStatus.REJECTED)
    request.rejection_reason, request.decided_at, request.decided_by = reason.strip()[:300], timezone.now(), actor
    request.updated_by = actor
    request.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_by", "updated_at"])
    notify([request.requested_by], title=_("Return %(number)s rejected") % {"number": request.number},
           body=request.rejection_reason, url=reverse("orders:return-detail", args=[request.pk]))
    return request
