"""Shipment tracking by logistics customer service (domain.md §6): follow-up calls with ETAs, transport
exceptions (delay, shortage, damage, loss) with their handling and carrier claims, and the weekly summary."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core.notify import notify

from .. import workflow_shipments as workflow
from ..choices_fulfilment import ClaimStatus, ExceptionKind, ExceptionStatus, ShipmentStatus
from ..models import Shipment, ShipmentException, ShipmentFollowUp
from .shipments import ShipmentConflict

LOGISTICS_ROLE = "warehouse"


@transaction.atomic
def record_follow_up(*, actor, shipment: Shipment, note: str, eta: datetime.date | None = None,
                     customer_informed: bool = True) -> ShipmentFollowUp:
    """Log a follow-up of a shipment on the road: what the carrier or station said and the expected arrival."""
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if shipment.status not in workflow.IN_TRANSIT:
        raise ShipmentConflict(_("Shipment %(number)s is %(status)s; only shipments on the road are followed up.")
                               % {"number": shipment.number, "status": shipment.get_status_display()},
                               code="invalid_transition")
    if not note.strip():
        raise ValidationError({"note": _("Write what the carrier or receiver said.")})
    if eta is not None and eta < timezone.localdate(shipment.dispatched_at):
        raise ValidationError({"eta": _("The expected arrival cannot be before the dispatch.")})
    follow_up = ShipmentFollowUp.objects.create(shipment=shipment, eta=eta, note=note.strip()[:500],
                                                customer_informed=customer_informed, followed_by=actor)
    shipment.last_followed_at = follow_up.followed_at
    fields = ["last_followed_at", "updated_by", "updated_at"]
    if eta is not None:
        shipment.eta = eta
        fields.append("eta")
    shipment.updated_by = actor
    shipment.save(update_fields=fields)
    return follow_up


@transaction.atomic
def register_exception(*, actor, shipment: Shipment, kind: str, description: str,
                       handling: str = "") -> ShipmentException:
    """Register a transport exception on a dispatched shipment."""
    if shipment.status in {ShipmentStatus.DRAFT, ShipmentStatus.CANCELLED}:
        raise ShipmentConflict(_("Shipment %(number)s has not left the warehouse.") % {"number": shipment.number},
                               code="invalid_transition")
    if kind not in ExceptionKind.values:
        raise ValidationError({"kind": _("Choose delay, shortage, damage or loss.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    status = ExceptionStatus.HANDLING if handling.strip() else ExceptionStatus.OPEN
    return ShipmentException.objects.create(shipment=shipment, kind=kind, description=description.strip()[:500],
                                            handling=handling.strip(), status=status, reported_by=actor,
                                            created_by=actor, updated_by=actor)


def _locked(exception: ShipmentException) -> ShipmentException:
    return ShipmentException.objects.select_for_update().get(pk=exception.pk)


@transaction.atomic
def update_exception(*, actor, exception: ShipmentException, handling: str | None = None,
                     status: str | None = None) -> ShipmentException:
    """Add to the handling and move the exception (open → being handled → closed; a closed one may reopen)."""
    exception = _locked(exception)
    fields = ["updated_by", "updated_at"]
    if handling is not None and handling.strip() != exception.handling:
        exception.handling = handling.strip()
        fields.append("handling")
    if status and status != exception.status:
        try:
            workflow.transition_exception(exception, status)
        except ValidationError as exc:
            raise ShipmentConflict(exc.messages[0], code="invalid_transition") from exc
        if status == ExceptionStatus.CLOSED and not exception.handling:
            raise ValidationError({"handling": _("Write how the exception was handled before closing it.")})
        exception.closed_at = timezone.now() if status == ExceptionStatus.CLOSED else None
        fields += ["status", "closed_at"]
    exception.updated_by = actor
    exception.save(update_fields=fields)
    return exception


@transaction.atomic
def record_claim(*, actor, exception: ShipmentException, amount: Decimal) -> ShipmentException:
    """Claim `amount` from the carrier for the loss or damage."""
    exception = _locked(exception)
    if Decimal(amount) <= 0:
        raise ValidationError({"claim_amount": _("Enter the amount claimed.")})
    if exception.claim_status == ClaimStatus.SETTLED:
        raise ShipmentConflict(_("The claim has already been settled."), code="invalid_transition")
    exception.claim_status, exception.claim_amount = ClaimStatus.CLAIMED, Decimal(amount)
    exception.updated_by = actor
    exception.save(update_fields=["claim_status", "claim_amount", "updated_by", "updated_at"])
    return exception


@transaction.atomic
def settle_claim(*, actor, exception: ShipmentException, amount: Decimal,
                 settled_on: datetime.date | None = None) -> ShipmentException:
    """The carrier paid (part of) the claim."""
    exception = _locked(exception)
    if exception.claim_status != ClaimStatus.CLAIMED:
        raise ShipmentConflict(_("Record the claim before settling it."), code="invalid_transition")
    amount = Decimal(amount)
    if amount < 0 or amount > exception.claim_amount:
        raise ValidationError({"claim_settled_amount": _("The settled amount must be between 0 and the amount "
                                                         "claimed.")})
    exception.claim_status, exception.claim_settled_amount = ClaimStatus.SETTLED, amount
    exception.claim_settled_on = settled_on or timezone.localdate()
    exception.updated_by = actor
    exception.save(update_fields=["claim_status", "claim_settled_amount", "claim_settled_on", "updated_by",
                                  "updated_at"])
    return exception


@transaction.atomic
def reject_claim(*, actor, exception: ShipmentException) -> ShipmentException:
    """The carrier refused the claim."""
    exception = _locked(exception)
    if exception.claim_status != ClaimStatus.CLAIMED:
        raise ShipmentConflict(_("There is no open claim."), code="invalid_transition")
    exception.claim_status = ClaimStatus.REJECTED
    exception.updated_by = actor
    exception.save(update_fields=["claim_status", "updated_by", "updated_at"])
    return exception


def send_weekly_exception_summary(*, on: datetime.date | None = None) -> int:
    """Tell the logistics leads (in-app and by mail) about last week's transport exceptions; returns how many
    people were told."""
    from ..selectors.follow_up import exception_summary

    on = on or timezone.localdate()
    monday = on - datetime.timedelta(days=on.weekday() + 7)
    summary = exception_summary(monday)
    leads = list(org_selectors.users_with_role(LOGISTICS_ROLE))
    if not leads:
        return 0
    total = summary["total"]
    kinds = ", ".join(f"{ExceptionKind(kind).label} {row['count']}" for kind, row in summary["by_kind"].items())
    body = _("%(start)s – %(end)s: %(count)s exceptions (%(kinds)s), %(open)s still open; claimed ¥%(claimed)s, "
             "settled ¥%(settled)s.") % {
        "start": f"{summary['start']:%Y-%m-%d}", "end": f"{summary['end']:%Y-%m-%d}", "count": total["count"],
        "kinds": kinds or "—", "open": total["open"], "claimed": f"{total['claimed']:,.2f}",
        "settled": f"{total['settled']:,.2f}"}
    url = reverse("orders:exception-summary") + f"?week={summary['start']:%Y-%m-%d}"
    notify(leads, title=_("Weekly transport exception summary"), body=body, url=url, email=True)
    return len(leads)
