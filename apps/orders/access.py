"""Who sees which orders and receivables and may do what with them; every read in apps/orders starts here.

Other areas of the app (shipments, statements, returns, plans) scope their rows THROUGH these functions: a partner
user sees only their own company's rows, a rep only their own customers' rows (core.scopes), the warehouse only
orders released for shipping.
"""

from django.db.models import QuerySet

from core.scopes import DataScope, restrict, scope_context

from .choices import OrderStatus
from .models import ARDocument, Order, Payment, PriceException
from .workflow import APPROVAL_STATUSES, FULFILMENT_STATUSES

EARLY_STATUSES = {OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.ON_HOLD}
CANCELLABLE_STATUSES = {OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.ON_HOLD, OrderStatus.APPROVED,
                        OrderStatus.AWAITING_PAYMENT, OrderStatus.READY_TO_SHIP}


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def is_partner_user(user) -> bool:
    return bool(user and user.is_authenticated and scope_context(user).scope == DataScope.PARTNER)


# -- scopes ---------------------------------------------------------------------------------------------------


def orders_visible_to(user) -> QuerySet[Order]:
    """Orders in the user's data scope; the warehouse sees orders released for shipping and later."""
    if _has(user, "orders.view_order"):
        return Order.objects.all() if _has(user, "orders.view_all_orders") else restrict(Order.objects.all(), user)
    if _has(user, "orders.view_fulfilment_orders"):
        return restrict(Order.objects.filter(status__in=FULFILMENT_STATUSES), user)
    return Order.objects.none()


def price_exceptions_visible_to(user) -> QuerySet[PriceException]:
    return PriceException.objects.filter(order__in=orders_visible_to(user))


def ar_documents_visible_to(user) -> QuerySet[ARDocument]:
    """Invoices and credit notes of the customers in the user's scope."""
    if not (_has(user, "orders.view_ardocument") or _has(user, "orders.view_receivables")):
        return ARDocument.objects.none()
    return restrict(ARDocument.objects.all(), user)


def payments_visible_to(user) -> QuerySet[Payment]:
    if not _has(user, "orders.view_payment"):
        return Payment.objects.none()
    return restrict(Payment.objects.all(), user)


# -- capabilities ---------------------------------------------------------------------------------------------


def can_view_orders(user) -> bool:
    return _has(user, "orders.view_order") or _has(user, "orders.view_fulfilment_orders")


def can_create_order(user) -> bool:
    return _has(user, "orders.add_order")


def can_edit_order(user, order: Order) -> bool:
    """Lines and header may change while the order is a draft."""
    return order.status == OrderStatus.DRAFT and _has(user, "orders.change_order")


def can_submit_order(user, order: Order) -> bool:
    return order.status == OrderStatus.DRAFT and _has(user, "orders.add_order")


def can_set_price(user) -> bool:
    """May type a unit price instead of the resolved one (below the floor it needs a price exception)."""
    return _has(user, "orders.set_order_price") and not is_partner_user(user)


def can_approve_order(user, order: Order | None = None) -> bool:
    if not _has(user, "orders.approve_order"):
        return False
    return order is None or order.status in APPROVAL_STATUSES or _paid_but_waiting(order)


def _paid_but_waiting(order: Order) -> bool:
    """Paid in full but not yet released (stock was short when the payment came): approval retries the release."""
    return order.status == OrderStatus.AWAITING_PAYMENT and order.paid_amount >= order.total_amount


def can_approve_credit_exception(user, order: Order | None = None) -> bool:
    allowed = _has(user, "orders.approve_credit_exception")
    return allowed if order is None else allowed and order.status in APPROVAL_STATUSES


def can_decide_price_exception(user, exception: PriceException | None = None) -> bool:
    allowed = _has(user, "orders.approve_price_exception")
    return allowed if exception is None else allowed and exception.status == "pending"


def can_cancel_order(user, order: Order) -> bool:
    """Whoever may enter orders cancels early ones; after approval only the approvers may."""
    if order.status not in CANCELLABLE_STATUSES:
        return False
    if order.status in EARLY_STATUSES:
        return _has(user, "orders.change_order") or _has(user, "orders.approve_order")
    return _has(user, "orders.approve_order")


def can_export_orders(user) -> bool:
    return _has(user, "orders.export_order")


def can_view_approvals(user) -> bool:
    return any(_has(user, p) for p in ("orders.approve_order", "orders.approve_credit_exception",
                                       "orders.approve_price_exception"))


def can_view_receivables(user) -> bool:
    return _has(user, "orders.view_receivables")


def can_view_payments(user) -> bool:
    return _has(user, "orders.view_payment")


def can_record_payment(user) -> bool:
    return _has(user, "orders.add_payment") and not is_partner_user(user)
