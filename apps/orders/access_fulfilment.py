"""Who sees which shipments, follow-ups, exceptions, branch requests and 窜货 flags, and who may act on them.

Shipments are scoped THROUGH the order scope (access.orders_visible_to): a partner user sees only their own
company's shipments, a rep only their own customers', the warehouse every order released for shipping.
"""

from django.db.models import QuerySet

from core.scopes import restrict

from .access import is_partner_user, orders_visible_to
from .choices import OrderStatus
from .choices_fulfilment import BranchRequestStatus, ShipmentStatus
from .models import BranchPurchaseRequest, CrossTerritoryFlag, Shipment, ShipmentException, ShipmentFollowUp

SHIPPABLE_ORDER_STATUSES = {OrderStatus.READY_TO_SHIP, OrderStatus.PARTIALLY_SHIPPED}


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


# -- scopes ---------------------------------------------------------------------------------------------------


def shipments_visible_to(user) -> QuerySet[Shipment]:
    if not _has(user, "orders.view_shipment"):
        return Shipment.objects.none()
    return Shipment.objects.filter(order__in=orders_visible_to(user))


def follow_ups_visible_to(user) -> QuerySet[ShipmentFollowUp]:
    return ShipmentFollowUp.objects.filter(shipment__in=shipments_visible_to(user))


def exceptions_visible_to(user) -> QuerySet[ShipmentException]:
    if not _has(user, "orders.view_shipmentexception"):
        return ShipmentException.objects.none()
    return ShipmentException.objects.filter(shipment__in=shipments_visible_to(user))


def branch_requests_visible_to(user) -> QuerySet[BranchPurchaseRequest]:
    """Head office sees every branch's requests; branch people their own branch's (their data scope)."""
    if not _has(user, "orders.view_branchpurchaserequest"):
        return BranchPurchaseRequest.objects.none()
    return restrict(BranchPurchaseRequest.objects.all(), user)


def flags_visible_to(user) -> QuerySet[CrossTerritoryFlag]:
    """Flags are for the company's reviewers (market development, sales admin) and the partner's managers."""
    if not _has(user, "orders.view_crossterritoryflag") or is_partner_user(user):
        return CrossTerritoryFlag.objects.none()
    if _has(user, "orders.review_crossterritoryflag"):
        return CrossTerritoryFlag.objects.all()
    return restrict(CrossTerritoryFlag.objects.all(), user)


# -- capabilities ---------------------------------------------------------------------------------------------


def can_view_shipments(user) -> bool:
    return _has(user, "orders.view_shipment")


def can_create_shipment(user, order=None) -> bool:
    if not _has(user, "orders.dispatch_shipment") or is_partner_user(user):
        return False
    return order is None or order.status in SHIPPABLE_ORDER_STATUSES


def can_dispatch(user, shipment: Shipment) -> bool:
    return shipment.status == ShipmentStatus.DRAFT and can_create_shipment(user)


def can_cancel_shipment(user, shipment: Shipment) -> bool:
    return can_dispatch(user, shipment)


def can_record_sign(user, shipment: Shipment) -> bool:
    return shipment.status == ShipmentStatus.DISPATCHED and _has(user, "orders.record_delivery") \
        and not is_partner_user(user)


def can_record_receipt(user, shipment: Shipment) -> bool:
    return shipment.status == ShipmentStatus.SIGNED and _has(user, "orders.record_delivery") \
        and not is_partner_user(user)


def can_follow_up(user, shipment: Shipment | None = None) -> bool:
    if not _has(user, "orders.follow_up_shipment") or is_partner_user(user):
        return False
    return shipment is None or shipment.status == ShipmentStatus.DISPATCHED


def can_register_exception(user, shipment: Shipment | None = None) -> bool:
    if not _has(user, "orders.add_shipmentexception") or is_partner_user(user):
        return False
    return shipment is None or (shipment.status != ShipmentStatus.DRAFT and shipment.status != ShipmentStatus.CANCELLED)


def can_handle_exception(user) -> bool:
    return _has(user, "orders.change_shipmentexception") and not is_partner_user(user)


def can_view_exceptions(user) -> bool:
    return _has(user, "orders.view_shipmentexception") and not is_partner_user(user)


def can_view_branch_requests(user) -> bool:
    return _has(user, "orders.view_branchpurchaserequest")


def can_submit_branch_request(user, request: BranchPurchaseRequest | None = None) -> bool:
    allowed = _has(user, "orders.submit_branchpurchaserequest")
    return allowed if request is None else allowed and request.status == BranchRequestStatus.OPEN


def can_issue_master_note(user, request: BranchPurchaseRequest | None = None) -> bool:
    allowed = _has(user, "orders.issue_master_note")
    return allowed if request is None else allowed and request.status == BranchRequestStatus.SUBMITTED


def can_issue_detail_notes(user, request: BranchPurchaseRequest | None = None) -> bool:
    allowed = _has(user, "orders.issue_detail_notes")
    return allowed if request is None else allowed and request.status == BranchRequestStatus.MASTER_ISSUED


def can_view_flags(user) -> bool:
    return _has(user, "orders.view_crossterritoryflag") and not is_partner_user(user)


def can_review_flag(user, flag: CrossTerritoryFlag | None = None) -> bool:
    return _has(user, "orders.review_crossterritoryflag") and not is_partner_user(user)


def can_see_full_phone(user) -> bool:
    return _has(user, "org.view_full_phone")
