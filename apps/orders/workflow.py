"""The order's transition table (domain.md §6): the only moves `services.orders.move_order` accepts."""

from django.core.exceptions import ValidationError

from .choices import OrderStatus as S


class StateConflict(ValidationError):
    """The record's current state does not allow the action (the API answers 409 with the code)."""


TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.CANCELLED},
    # Submission runs the credit and price checks: the order waits for approval, or on hold with the reason.
    S.SUBMITTED: {S.APPROVED, S.ON_HOLD, S.CANCELLED},
    # A hold is lifted (payment, approved price exception) back to the approval queue, or the director approves an
    # exception directly.
    S.ON_HOLD: {S.SUBMITTED, S.APPROVED, S.CANCELLED},
    S.APPROVED: {S.AWAITING_PAYMENT, S.READY_TO_SHIP, S.CANCELLED},
    S.AWAITING_PAYMENT: {S.READY_TO_SHIP, S.CANCELLED},
    S.READY_TO_SHIP: {S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED},
    S.PARTIALLY_SHIPPED: {S.SHIPPED},
    S.SHIPPED: {S.SIGNED},
    S.SIGNED: {S.RECEIPT_RETURNED},
    S.RECEIPT_RETURNED: {S.SETTLED},
    S.SETTLED: set(),
    S.CANCELLED: set(),
}

# Orders still to be fulfilled: they count against the customer's credit and the partner's quota.
OPEN_STATUSES = [S.SUBMITTED, S.ON_HOLD, S.APPROVED, S.AWAITING_PAYMENT, S.READY_TO_SHIP, S.PARTIALLY_SHIPPED]
# Orders that count as ordered (quota use, sales): submitted and later, not cancelled.
PLACED_STATUSES = [s for s in S.values if s not in (S.DRAFT, S.CANCELLED)]
# What the warehouse sees: orders released for shipping and later.
FULFILMENT_STATUSES = [S.READY_TO_SHIP, S.PARTIALLY_SHIPPED, S.SHIPPED, S.SIGNED, S.RECEIPT_RETURNED, S.SETTLED]
# Orders waiting for a decision (the approval queue).
APPROVAL_STATUSES = [S.SUBMITTED, S.ON_HOLD]
# The order's fulfilment chain, in order; `on_shipment_changed` walks it forward.
FULFILMENT_CHAIN = [S.READY_TO_SHIP, S.PARTIALLY_SHIPPED, S.SHIPPED, S.SIGNED, S.RECEIPT_RETURNED, S.SETTLED]


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())
