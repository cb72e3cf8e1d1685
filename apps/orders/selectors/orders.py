"""Reads of orders; every one starts from access.orders_visible_to."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.catalog import access as catalog_access
from apps.catalog import rules as catalog_rules
from apps.catalog import selectors as catalog_selectors
from apps.customers import access as customer_access
from core.scopes import scope_context

from .. import access
from ..choices import HoldKind, OrderStatus, PriceExceptionStatus
from ..models import Order, OrderEvent, OrderLine, PriceException
from ..services.orders import pricing_for
from ..workflow import APPROVAL_STATUSES


def list_orders_for(user, *, status: str = "", customer=None, partner=None, search: str = "",
                    start: datetime.date | None = None, end: datetime.date | None = None,
                    hold_kind: str = "") -> QuerySet[Order]:
    qs = access.orders_visible_to(user).select_related("customer", "partner__customer", "owner")
    if status:
        qs = qs.filter(status=status)
    if hold_kind:
        qs = qs.filter(hold_kind=hold_kind)
    if customer:
        qs = qs.filter(customer=customer)
    if partner:
        qs = qs.filter(partner=partner)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(customer__name__icontains=search)
                       | Q(customer__name_pinyin__icontains=search))
    if start:
        qs = qs.filter(created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
    return qs


def get_order_for(user, pk) -> Order:
    qs = access.orders_visible_to(user).select_related(
        "customer", "partner__customer", "owner", "warehouse", "submitted_by", "approved_by", "credit_override_by")
    return _get_or_404(qs, pk)


def _get_or_404(qs, pk):
    """One row of an already scoped queryset, or 404 (the same answer for "forbidden" and "missing")."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def lines_of(order: Order) -> QuerySet[OrderLine]:
    return order.lines.select_related("product")


def events_of(order: Order) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor").order_by("occurred_at", "id")


def approval_queue_for(user) -> QuerySet[Order]:
    """Orders waiting for a decision this user can take: submitted ones and holds (credit, overdue, price)."""
    qs = list_orders_for(user).filter(status__in=APPROVAL_STATUSES)
    if not access.can_approve_order(user):
        kinds = []
        if access.can_approve_credit_exception(user):
            kinds += [HoldKind.CREDIT, HoldKind.OVERDUE]
        if access.can_decide_price_exception(user):
            kinds.append(HoldKind.PRICE)
        qs = qs.filter(status=OrderStatus.ON_HOLD, hold_kind__in=kinds)
    return qs.annotate(pending_exceptions=Count(
        "price_exceptions", filter=Q(price_exceptions__status=PriceExceptionStatus.PENDING))
    ).order_by("submitted_at", "id")


def pending_price_exceptions_for(user) -> QuerySet[PriceException]:
    return (access.price_exceptions_visible_to(user).filter(status=PriceExceptionStatus.PENDING)
            .select_related("order__customer", "line__product").order_by("created_at", "id"))


def get_price_exception_for(user, pk) -> PriceException:
    return _get_or_404(access.price_exceptions_visible_to(user).select_related("order", "line__product"), pk)


def orders_with_lines(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product")))


# -- prices as the user may see them ------------------------------------------------------------------------------


def quote_for_customer(user, *, customer, product, quantity, on: datetime.date | None = None):
    """The catalogue's price quote for a customer (its partner tier or the market price, its grade), with the
    floor hidden from roles without the confidential-prices right."""
    _partner, tier, grade = pricing_for(customer)
    quote = catalog_selectors.resolve_price(tier=tier, grade=grade, product=product, quantity=quantity,
                                            on=on or timezone.localdate())
    return quote if catalog_access.can_view_confidential_prices(user) else catalog_rules.without_confidential(quote)


def line_view(user, line: OrderLine) -> dict:
    """A line's floor and explanation as the user may see them."""
    if catalog_access.can_view_confidential_prices(user):
        return {"floor_price": line.floor_price, "explanation": line.price_explanation}
    quote = catalog_rules.PriceQuote(
        tier="", grade="", product_id=line.product_id, quantity=line.quantity, on=timezone.localdate(),
        unit_price=line.unit_price, list_price=line.list_price, floor_price=line.floor_price,
        below_floor=line.below_floor, clamped=False, explanation=list(line.price_explanation))
    masked = catalog_rules.without_confidential(quote)
    return {"floor_price": None, "explanation": masked.explanation}


def customers_for_orders(user):
    """Customers the user may order for: its scope; a partner user only its own company."""
    qs = customer_access.customers_visible_to(user)
    if access.is_partner_user(user):
        qs = qs.filter(partner__unit_id=scope_context(user).partner_unit_id)
    return qs
