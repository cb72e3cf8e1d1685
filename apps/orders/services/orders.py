"""Writers of orders (domain.md §6): create and edit drafts at resolved prices, submit (credit and price checks,
delivery promise), approve, hold, release on payment, reserve stock, follow shipments to settlement, cancel.

Every status change goes through `move_order`, which checks workflow.TRANSITIONS and moves the row with a
conditional UPDATE (… WHERE status = <the status we saw>), so a double click or two racing requests make one move.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from apps.catalog.choices import WarehouseKind
from apps.catalog.models import Warehouse
from apps.customers.models import Customer
from core import calendars, divisions
from core.money import format_cny, to_money
from core.rules import value as rule_value

from .. import access, rules_orders, workflow
from ..choices import HoldKind, OrderChannel, OrderStatus, PaymentMode, PriceExceptionStatus
from ..choices_fulfilment import ShipmentStatus
from ..models import Order, OrderEvent, OrderLine, PriceException
from ..selectors.plans import quota_remaining
from ..selectors.receivables import credit_position, partner_of
from ..workflow import StateConflict
from . import flags
from .numbering import next_order_number

S = OrderStatus
ZERO = Decimal("0")
SHIP_TO_FIELDS = {"province_code": "ship_to_province_code", "province": "ship_to_province",
                  "city_code": "ship_to_city_code", "city": "ship_to_city",
                  "district_code": "ship_to_district_code", "district": "ship_to_district",
                  "address": "ship_to_address", "receiver_name": "receiver_name", "receiver_phone": "receiver_phone"}
HEADER_FIELDS = {"requested_date", "payment_mode", "channel", "notes", "warehouse", "price_date"}


# -- status moves ---------------------------------------------------------------------------------------------------


def move_order(*, order: Order, to: str, actor, reason: str = "", kind: str = "status", **fields) -> OrderEvent:
    """The only way an order's status changes: checks the transition table, moves the row only if it is still in
    the status we read (else StateConflict), saves `fields` with it and records who, when and why."""
    current = order.status
    if not workflow.can_move(current, to):
        raise StateConflict(_("An order that is %(from)s cannot become %(to)s.") % {
            "from": S(current).label, "to": S(to).label}, code="invalid_transition")
    now = timezone.now()
    changes = {"status": to, "updated_by": actor, "updated_at": now, **fields}
    # No savepoint of its own: nothing is written when the row has moved on, and the conflict is raised after the
    # block, so a caller that catches it keeps its transaction.
    with transaction.atomic(savepoint=False):
        moved = Order.objects.filter(pk=order.pk, status=current).update(**changes)
        if moved:
            for name, value in changes.items():
                setattr(order, name, value)
            Order.history.bulk_history_create([order], update=True, default_user=actor, default_date=now)
            event = OrderEvent.objects.create(order=order, from_status=current, to_status=to, kind=kind,
                                              reason=(reason or "")[:300], actor=actor, occurred_at=now)
    if not moved:
        raise StateConflict(_("The order was changed by someone else; reload it."), code="stale_status")
    return event


def note_event(*, order: Order, actor, kind: str, reason: str) -> OrderEvent:
    """Record a decision that does not change the status (price exception decided, stock short …)."""
    return OrderEvent.objects.create(order=order, from_status=order.status, to_status=order.status, kind=kind,
                                     reason=reason[:300], actor=actor)


KEPT_RELATIONS = ("customer", "partner", "warehouse")


def _locked(order: Order, *related: str) -> Order:
    """The order re-read under a lock on its own row, with the `related` rows whose fields the step reads joined
    to it. Of the other relations the rows the caller holds are kept (the same rows when the ids agree): the steps
    use them for their identity, and a wide join costs more to plan than the lock itself."""
    orders = Order.objects.select_for_update(of=("self",))
    locked = (orders.select_related(*related) if related else orders).get(pk=order.pk)
    for name in KEPT_RELATIONS:
        field = Order._meta.get_field(name)
        if name not in related and field.is_cached(order) and \
                getattr(order, field.attname) == getattr(locked, field.attname):
            field.set_cached_value(locked, field.get_cached_value(order))
    return locked


def _lines(order: Order, *related: str) -> list[OrderLine]:
    """The order's lines in their order (by position: the model's default ordering joins the order table)."""
    lines = order.lines.order_by("position", "id")
    return list(lines.select_related(*related) if related else lines)


# -- pricing --------------------------------------------------------------------------------------------------------


def pricing_for(customer: Customer) -> tuple:
    """(partner, catalog price tier, customer grade) a customer buys with."""
    partner = partner_of(customer)
    tier = rules_orders.price_tier_for(partner.tier if partner else None, partner.special if partner else False)
    return partner, tier, customer.grade or ""


def quote_line(*, customer: Customer, product, quantity, on: datetime.date, unit_price=None, actor=None) -> dict:
    """A line priced through the catalogue's one resolver; a typed `unit_price` replaces the resolved price and,
    below the floor, marks the line for a price exception."""
    _partner, tier, grade = pricing_for(customer)
    return _priced_line(tier=tier, grade=grade, product=product, quantity=quantity, on=on, unit_price=unit_price,
                        actor=actor)


def _priced_line(*, tier: str, grade: str, product, quantity, on: datetime.date, unit_price, actor) -> dict:
    quote = catalog_selectors.resolve_price(tier=tier, grade=grade, product=product, quantity=quantity, on=on)
    explanation = list(quote.explanation)
    price = quote.unit_price
    if unit_price not in (None, ""):
        price = to_money(unit_price)
        if price <= 0:
            raise ValidationError({"unit_price": _("Enter a price above zero.")}, code="invalid_price")
        if price != quote.unit_price:
            who = actor.get_full_name() or actor.get_username() if actor is not None else ""
            explanation.append({"code": "manual_price", "amount": str(price), "text": _(
                "Price set by hand to %(price)s (resolved %(resolved)s)%(who)s.") % {
                "price": format_cny(price), "resolved": format_cny(quote.unit_price),
                "who": f" · {who}" if who else ""}})
    below = quote.floor_price is not None and price < quote.floor_price
    return {"product": product, "quantity": quote.quantity, "list_price": quote.list_price, "unit_price": price,
            "floor_price": quote.floor_price, "below_floor": below, "price_explanation": explanation,
            "amount": to_money(price * quote.quantity)}


def _price_lines(*, order: Order, lines, tier: str, grade: str, actor) -> list[OrderLine]:
    """The order's lines at the prices resolved for the tier and grade, and its total set from them (not saved)."""
    if not lines:
        raise ValidationError({"lines": _("Add at least one line.")}, code="no_lines")
    priced = []
    for position, line in enumerate(lines, start=1):
        unit_price = line.get("unit_price")
        if unit_price not in (None, "") and not access.can_set_price(actor):
            raise ValidationError({"lines": _("You may not set prices by hand.")}, code="price_not_allowed")
        data = _priced_line(tier=tier, grade=grade, product=line["product"], quantity=line["quantity"],
                            on=order.price_date, unit_price=unit_price, actor=actor)
        priced.append(OrderLine(order=order, position=position, **data))
    order.total_amount = to_money(sum((line.amount for line in priced), ZERO))
    return priced


def _ship_to_fields(ship_to: dict | None, customer: Customer) -> dict:
    """The ship-to address given, or the customer's own address."""
    if not ship_to:
        return {"ship_to_province_code": customer.province_code, "ship_to_province": customer.province,
                "ship_to_city_code": customer.city_code, "ship_to_city": customer.city,
                "ship_to_district_code": customer.district_code, "ship_to_district": customer.district,
                "ship_to_address": customer.address}
    fields = {SHIP_TO_FIELDS[k]: (v or "") for k, v in ship_to.items() if k in SHIP_TO_FIELDS}
    for level in ("province", "city", "district"):
        code = fields.get(f"ship_to_{level}_code")
        if code and not fields.get(f"ship_to_{level}"):
            fields[f"ship_to_{level}"] = divisions.name(code)
    return fields


def _check_header(header: dict) -> dict:
    unknown = set(header) - HEADER_FIELDS
    if unknown:
        raise TypeError(f"unknown order fields: {sorted(unknown)}")
    if header.get("payment_mode") and header["payment_mode"] not in PaymentMode.values:
        raise ValidationError({"payment_mode": _("Unknown payment mode.")}, code="invalid")
    if header.get("channel") and header["channel"] not in OrderChannel.values:
        raise ValidationError({"channel": _("Unknown order channel.")}, code="invalid")
    return {k: v for k, v in header.items() if v is not None}


# -- drafts ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_order(*, actor, customer: Customer, lines, ship_to: dict | None = None, **header) -> Order:
    """A draft order for `customer`, lines at the resolved prices (partner tier or market price, grade discount);
    numbered SO<yyyymmdd>-<nnnn>."""
    header = _check_header(header)
    partner, tier, grade = pricing_for(customer)
    today = timezone.localdate()
    order = Order(customer=customer, partner=partner, price_tier=tier, customer_grade=grade,
                  owner_id=customer.owner_id, org_unit_id=customer.org_unit_id, region_id=customer.region_id,
                  partner_unit_id=customer.partner_unit_id, created_by=actor, updated_by=actor,
                  **_ship_to_fields(ship_to, customer), **header)
    order.price_date = header.get("price_date") or today
    priced = _price_lines(order=order, lines=lines, tier=tier, grade=grade, actor=actor)
    # The day's number is drawn last: its counter row stays locked until the transaction ends.
    order.number = next_order_number(today)
    order.save()
    OrderLine.objects.bulk_create(priced)
    OrderEvent.objects.create(order=order, to_status=S.DRAFT, kind="created", actor=actor,
                              reason=_("Order entered via %(channel)s.") % {
                                  "channel": OrderChannel(order.channel).label})
    return order


@transaction.atomic
def update_order(*, actor, order: Order, lines=None, ship_to: dict | None = None, **header) -> Order:
    """Change a draft: header fields, ship-to, and (when given) all lines re-priced."""
    order = _locked(order, "customer")
    if order.status != S.DRAFT:
        raise StateConflict(_("Only a draft can be changed."), code="not_draft")
    header = _check_header(header)
    for name, value in header.items():
        setattr(order, name, value)
    if ship_to is not None:
        for name, value in _ship_to_fields(ship_to, order.customer).items():
            setattr(order, name, value)
    if lines is not None:
        _partner, tier, grade = pricing_for(order.customer)
        priced = _price_lines(order=order, lines=lines, tier=tier, grade=grade, actor=actor)
        order.lines.all().delete()
        OrderLine.objects.bulk_create(priced)
    order.updated_by = actor
    order.save()
    return order


# -- checks ---------------------------------------------------------------------------------------------------------


def _working_day_check():
    return calendars.get_calendar().is_working_day


def delivery_promise_for(order: Order, placed_on: datetime.date) -> rules_orders.DeliveryPromise:
    """Within the partner's quota (or no quota) → ship within N working days; beyond → placed M days ahead."""
    remaining = quota_remaining(order.partner, placed_on, exclude_order=order) if order.partner_id else None
    within = remaining is None or order.total_amount <= remaining
    return rules_orders.delivery_promise(
        placed_on=placed_on, requested=order.requested_date, within_quota=within,
        within_days=int(rule_value("orders.within_quota_ship_days", placed_on)),
        lead_days=int(rule_value("orders.beyond_quota_lead_days", placed_on)),
        is_working_day=_working_day_check())


def evaluate_holds(order: Order, on: datetime.date | None = None, *,
                   below_floor: bool = True) -> rules_orders.CreditCheck:
    """Why the order must wait, if it must: a pending price exception, overdue items, or not enough credit.
    `below_floor=False`: the caller has read the lines and none is below the floor, so no exception can wait."""
    on = on or timezone.localdate()
    pending = order.price_exceptions.filter(status=PriceExceptionStatus.PENDING).count() if below_floor else 0
    if pending:
        return rules_orders.CreditCheck(False, HoldKind.PRICE, _(
            "%(count)d line(s) below the minimum market price wait for a price exception.") % {"count": pending})
    if order.credit_override_by_id:
        return rules_orders.CreditCheck(True)
    position = credit_position(order.customer, on, exclude_order=order)
    return rules_orders.check_credit(position=position, amount=order.total_amount,
                                     on_credit=order.payment_mode == PaymentMode.CREDIT)


def _open_price_exceptions(order: Order, lines: list[OrderLine], actor) -> int:
    created = 0
    for line in lines:
        exists = PriceException.objects.filter(line=line).exclude(status=PriceExceptionStatus.REJECTED).exists()
        if not exists:
            PriceException.objects.create(order=order, line=line, requested_price=line.unit_price,
                                          floor_price=line.floor_price, created_by=actor, updated_by=actor,
                                          reason=_("Line %(n)d priced below the floor.") % {"n": line.position})
            created += 1
    return created


def submit_order(*, actor, order: Order) -> Order:
    """Submit a draft (idempotent: an order already past draft is returned unchanged). Sets the delivery promise,
    opens price exceptions for lines below the floor and runs the credit check: the order then waits for approval
    or is on hold with the reason."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != S.DRAFT:
            return order
        lines = _lines(order)
        if not lines:
            raise ValidationError({"lines": _("Add at least one line.")}, code="no_lines")
        below_floor = [line for line in lines if line.below_floor]
        now = timezone.now()
        placed_on = timezone.localdate(now)
        promise = delivery_promise_for(order, placed_on)
        try:
            move_order(order=order, to=S.SUBMITTED, actor=actor, reason=promise.note, submitted_at=now,
                       submitted_by=actor, delivery_rule=promise.rule, promised_date=promise.promised_date,
                       delivery_note=promise.note[:300])
        except StateConflict:
            return Order.objects.get(pk=order.pk)
        _open_price_exceptions(order, below_floor, actor)
        flags.check_order_territory(order=order)
        check = evaluate_holds(order, placed_on, below_floor=bool(below_floor))
        if not check.ok:
            move_order(order=order, to=S.ON_HOLD, actor=actor, reason=check.reason, kind="hold",
                       hold_kind=check.hold_kind, hold_reason=check.reason[:300])
    _notify_approvers(order)
    return order


def _notify_approvers(order: Order) -> None:
    from . import notices

    transaction.on_commit(lambda: notices.order_waits(order.pk))


# -- approval -------------------------------------------------------------------------------------------------------


def _release_after_approval(*, actor, order: Order, lines: list[OrderLine]) -> None:
    """Approved → ready to ship (credit, or prepaid in full) or awaiting payment (款到发货)."""
    if order.payment_mode == PaymentMode.PREPAYMENT and order.paid_amount < order.total_amount:
        move_order(order=order, to=S.AWAITING_PAYMENT, actor=actor, reason=_(
            "Payment before delivery: waiting for %(amount)s.") % {
            "amount": format_cny(order.total_amount - order.paid_amount)})
        return
    _reserve_and_release(actor=actor, order=order, lines=lines)


@transaction.atomic
def approve_order(*, actor, order: Order, reason: str = "") -> Order:
    """Approve an order waiting for it. On hold for credit or overdue items only a credit exception (director,
    with a reason) approves it; a price hold waits for the price exception. A prepaid order whose release was
    stopped by short stock is retried. Short stock (InsufficientStock) undoes the whole approval."""
    order = _locked(order, "warehouse")
    if order.status == S.AWAITING_PAYMENT and order.paid_amount >= order.total_amount:
        _reserve_and_release(actor=actor, order=order, lines=_lines(order, "product"))
        return order
    if order.status not in workflow.APPROVAL_STATUSES:
        raise StateConflict(_("Only a submitted or held order can be approved."), code="not_awaiting_approval")
    lines = _lines(order, "product")
    check = evaluate_holds(order, below_floor=any(line.below_floor for line in lines))
    fields = {"approved_at": timezone.now(), "approved_by": actor, "hold_kind": "", "hold_reason": ""}
    if not check.ok:
        if check.hold_kind == HoldKind.PRICE:
            raise StateConflict(check.reason, code="price_exception_pending")
        if not access.can_approve_credit_exception(actor):
            raise StateConflict(check.reason, code="credit_hold")
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the credit exception.")}, code="reason_required")
        fields.update(credit_override_by=actor, credit_override_reason=reason.strip()[:300])
        reason = _("Credit exception: %(reason)s") % {"reason": reason.strip()}
    move_order(order=order, to=S.APPROVED, actor=actor, reason=reason, kind="approval", **fields)
    _release_after_approval(actor=actor, order=order, lines=lines)
    return order


def _head_office_warehouse() -> Warehouse | None:
    return (Warehouse.objects.filter(kind=WarehouseKind.HEAD_OFFICE, is_active=True)
            .order_by("sort_order", "code").first())


def _reserve_and_release(*, actor, order: Order, lines: list[OrderLine]) -> None:
    """Reserve every line's stock and move the order to ready-to-ship. InsufficientStock may come after some of
    it is written: the caller's transaction (or savepoint) is what undoes it. `lines`: with their products."""
    warehouse = order.warehouse or _head_office_warehouse()
    if warehouse is None:
        raise ValidationError(_("No head-office warehouse is set up to ship from."), code="no_warehouse")
    # The order moves first: a stock row stays locked from its reservation to the end of the transaction, so it
    # is written last (a hot product's row is what concurrent orders queue for).
    move_order(order=order, to=S.READY_TO_SHIP, actor=actor, warehouse=warehouse,
               reason=_("Stock reserved in %(warehouse)s.") % {"warehouse": warehouse.name})
    for line in lines:
        missing = line.quantity - line.reserved_quantity
        if missing > 0:
            OrderLine.objects.filter(pk=line.pk).update(reserved_quantity=F("reserved_quantity") + missing)
            catalog_services.reserve_stock(actor=actor, product=line.product, warehouse=warehouse,
                                           quantity=missing, reference=order.number, reference_object=order)


def make_ready(*, actor, order: Order) -> Order:
    """Reserve every line's stock and release the order for shipping; InsufficientStock leaves it unchanged."""
    try:
        with transaction.atomic():
            _reserve_and_release(actor=actor, order=order, lines=_lines(order, "product"))
    except catalog_services.InsufficientStock:
        order.refresh_from_db()  # the move was undone with the reservations
        raise
    return order


def release_if_paid(*, actor, order: Order) -> bool:
    """A prepayment order waiting for payment goes to ready-to-ship once paid in full (stock permitting)."""
    if order.status != S.AWAITING_PAYMENT or order.paid_amount < order.total_amount:
        return False
    try:
        make_ready(actor=actor, order=order)
    except catalog_services.InsufficientStock as exc:
        note_event(order=order, actor=actor, kind="stock_short",
                   reason=_("Paid in full but not released: %(why)s") % {"why": exc.messages[0]})
        return False
    return True


def recheck_holds(*, actor, customer: Customer) -> list[Order]:
    """Orders on hold for credit or overdue items go back to the approval queue once the check passes."""
    lifted = []
    held = Order.objects.filter(customer=customer, status=S.ON_HOLD,
                                hold_kind__in=[HoldKind.CREDIT, HoldKind.OVERDUE]).order_by("submitted_at", "id")
    for order in held:
        if evaluate_holds(order).ok:
            move_order(order=order, to=S.SUBMITTED, actor=actor, kind="hold_lifted", hold_kind="", hold_reason="",
                       reason=_("Hold lifted: the credit check passes now."))
            lifted.append(order)
    return lifted


@transaction.atomic
def decide_price_exception(*, actor, exception: PriceException, approve: bool, note: str = "") -> PriceException:
    """Approve a price below the floor, or reject it (the line goes back to the resolved price). When nothing is
    pending any more the order's checks run again."""
    exception = PriceException.objects.select_for_update(of=("self",)).select_related("order", "line").get(
        pk=exception.pk)
    if exception.status != PriceExceptionStatus.PENDING:
        raise StateConflict(_("This price exception has already been decided."), code="already_decided")
    exception.status = PriceExceptionStatus.APPROVED if approve else PriceExceptionStatus.REJECTED
    exception.decided_by, exception.decided_at = actor, timezone.now()
    exception.decision_note, exception.updated_by = (note or "")[:300], actor
    exception.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_by", "updated_at"])
    order = _locked(exception.order, "customer")
    line = exception.line
    if approve:
        text = _("Price %(price)s below the floor approved for line %(n)d.")
    else:
        _reprice_at_resolved(order=order, line=line)
        text = _("Price %(price)s below the floor rejected for line %(n)d; the line is at the resolved price.")
    note_event(order=order, actor=actor, kind="price_exception",
               reason=text % {"price": format_cny(exception.requested_price), "n": line.position})
    if order.status == S.ON_HOLD and order.hold_kind == HoldKind.PRICE:
        check = evaluate_holds(order)
        if check.ok:
            move_order(order=order, to=S.SUBMITTED, actor=actor, kind="hold_lifted", hold_kind="", hold_reason="",
                       reason=_("Hold lifted: no price exception pending."))
        elif check.hold_kind != HoldKind.PRICE:
            Order.objects.filter(pk=order.pk).update(hold_kind=check.hold_kind, hold_reason=check.reason[:300])
            note_event(order=order, actor=actor, kind="hold", reason=check.reason)
    return exception


def _reprice_at_resolved(*, order: Order, line: OrderLine) -> None:
    data = quote_line(customer=order.customer, product=line.product, quantity=line.quantity, on=order.price_date)
    for name in ("list_price", "unit_price", "floor_price", "below_floor", "price_explanation", "amount"):
        setattr(line, name, data[name])
    line.save()
    total = to_money(sum(order.lines.values_list("amount", flat=True), ZERO))
    Order.objects.filter(pk=order.pk).update(total_amount=total)
    order.total_amount = total


# -- cancellation ---------------------------------------------------------------------------------------------------


def _release_stock(*, actor, order: Order) -> None:
    warehouse = order.warehouse
    for line in order.lines.select_related("product").filter(reserved_quantity__gt=0):
        catalog_services.release_reservation(actor=actor, product=line.product, warehouse=warehouse,
                                             quantity=line.reserved_quantity, reference=order.number,
                                             reference_object=order)
        OrderLine.objects.filter(pk=line.pk).update(reserved_quantity=0)


@transaction.atomic
def cancel_order(*, actor, order: Order, reason: str) -> Order:
    """Cancel with a reason (before shipping starts): reserved stock goes back, prepayments become free credit."""
    from . import receivables

    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for the cancellation.")}, code="reason_required")
    order = _locked(order, "warehouse")
    if order.status == S.CANCELLED:
        return order
    _release_stock(actor=actor, order=order)
    move_order(order=order, to=S.CANCELLED, actor=actor, reason=reason.strip(), kind="cancel",
               cancelled_at=timezone.now(), cancel_reason=reason.strip()[:300])
    order.price_exceptions.filter(status=PriceExceptionStatus.PENDING).update(
        status=PriceExceptionStatus.REJECTED, decision_note=_("Order cancelled."), decided_at=timezone.now())
    receivables.unlink_payments(order=order)
    return order


# -- fulfilment -----------------------------------------------------------------------------------------------------

_DELIVERED = [ShipmentStatus.SIGNED, ShipmentStatus.RECEIPT_RETURNED]
_LIVE_SHIPMENT = Q(status__in=[ShipmentStatus.DISPATCHED, *_DELIVERED])


def fulfilment_target(order: Order) -> str:
    """Where the order stands from its lines' shipped quantities and its dispatched shipments."""
    lines = list(order.lines.values_list("quantity", "shipped_quantity"))
    if not any(shipped > 0 for _qty, shipped in lines):
        return S.READY_TO_SHIP
    if any(shipped < qty for qty, shipped in lines):
        return S.PARTIALLY_SHIPPED
    statuses = list(order.shipments.filter(_LIVE_SHIPMENT).values_list("status", flat=True))
    if statuses and all(s == ShipmentStatus.RECEIPT_RETURNED for s in statuses):
        return S.RECEIPT_RETURNED
    if statuses and all(s in _DELIVERED for s in statuses):
        return S.SIGNED
    return S.SHIPPED


@transaction.atomic
def on_shipment_changed(*, actor, order: Order) -> Order:
    """Walk the order forward along the fulfilment chain to where its shipments put it (called by the shipment
    service after every dispatch, sign-off and 回单), then settle it if it is paid."""
    order = _locked(order)
    target = fulfilment_target(order)
    chain = workflow.FULFILMENT_CHAIN
    if order.status not in chain or chain.index(target) <= chain.index(order.status):
        return order
    while order.status != target:
        following = [s for s in chain[chain.index(order.status) + 1:] if workflow.can_move(order.status, s)]
        step = next(s for s in following if chain.index(s) <= chain.index(target))
        move_order(order=order, to=step, actor=actor, kind="fulfilment")
    settle_if_paid(order, actor=actor)
    return order


def settle_if_paid(order: Order, actor=None) -> bool:
    """A returned receipt and every invoice of the order paid → settled (结算)."""
    from ..models import ARDocument

    order.refresh_from_db(fields=["status"])
    if order.status != S.RECEIPT_RETURNED:
        return False
    invoices = ARDocument.objects.filter(order=order, kind="invoice")
    if not invoices.exists() or invoices.filter(open_amount__gt=0).exists():
        return False
    move_order(order=order, to=S.SETTLED, actor=actor, kind="settlement",
               reason=_("Receipt returned and every invoice paid."))
    return True
