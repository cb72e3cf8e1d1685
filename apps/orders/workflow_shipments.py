"""The only way a shipment's status changes (发货 → 签收 → 回单), and a transport exception's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices_fulfilment import BranchRequestStatus, ExceptionStatus, ShipmentStatus

S = ShipmentStatus

TRANSITIONS = {
    S.DRAFT: {S.DISPATCHED, S.CANCELLED},
    S.DISPATCHED: {S.SIGNED},
    S.SIGNED: {S.RECEIPT_RETURNED},
    S.RECEIPT_RETURNED: set(),
    S.CANCELLED: set(),
}

# Shipments whose quantities count against what an order line still has to ship.
LIVE = {S.DRAFT, S.DISPATCHED, S.SIGNED, S.RECEIPT_RETURNED}
# Shipments on the road: logistics customer service follows them until they are signed.
IN_TRANSIT = {S.DISPATCHED}

EXCEPTION_TRANSITIONS = {
    ExceptionStatus.OPEN: {ExceptionStatus.HANDLING, ExceptionStatus.CLOSED},
    ExceptionStatus.HANDLING: {ExceptionStatus.CLOSED},
    ExceptionStatus.CLOSED: {ExceptionStatus.HANDLING},
}

R = BranchRequestStatus
REQUEST_TRANSITIONS = {
    R.OPEN: {R.SUBMITTED},
    R.SUBMITTED: {R.MASTER_ISSUED},
    R.MASTER_ISSUED: {R.DETAILS_ISSUED},
    R.DETAILS_ISSUED: set(),
}


def can_transition(current: str, target: str) -> bool:
    return ShipmentStatus(target) in TRANSITIONS[ShipmentStatus(current)]


def _refuse(kind: str, current_label: str, target_label: str):
    raise ValidationError(_("%(kind)s cannot go from %(current)s to %(target)s.")
                          % {"kind": kind, "current": current_label, "target": target_label},
                          code="invalid_transition")


def transition(shipment, target: str) -> None:
    """Move a shipment to `target` or raise a translated ValidationError; the caller saves."""
    if not can_transition(shipment.status, target):
        _refuse(_("A shipment"), ShipmentStatus(shipment.status).label, ShipmentStatus(target).label)
    shipment.status = target


def transition_exception(exception, target: str) -> None:
    if ExceptionStatus(target) not in EXCEPTION_TRANSITIONS[ExceptionStatus(exception.status)]:
        _refuse(_("A transport exception"), ExceptionStatus(exception.status).label, ExceptionStatus(target).label)
    exception.status = target


def can_transition_request(current: str, target: str) -> bool:
    return BranchRequestStatus(target) in REQUEST_TRANSITIONS[BranchRequestStatus(current)]


def transition_request(request, target: str) -> None:
    if not can_transition_request(request.status, target):
        _refuse(_("A purchase request"), BranchRequestStatus(request.status).label, BranchRequestStatus(target).label)
    request.status = target
