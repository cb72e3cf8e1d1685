"""Order services: pricing, submission (idempotent), credit and price holds, approval, payment release, stock,
cancellation, fulfilment walk and settlement."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.models import StockLevel
from core.testing.helpers import user

from ..choices import HoldKind, OrderStatus, PriceExceptionStatus
from ..models import OrderEvent, PriceException
from ..services import orders as services
from ..services import receivables as ar
from ..workflow import StateConflict
from .factories_orders import make_alf, make_catalogue, make_order, pay, plain_customer, submitted

pytestmark = pytest.mark.django_db

# The seed's numbers: suggested ¥128,000; agent ×0.75 = ¥96,000; floor ×0.66 = ¥84,480; grade A −5 %.
AGENT_A = D("91200.00")  # 96,000 × 0.95
SUGGESTED_B = D("124160.00")  # 128,000 × 0.97 (grade B 3 %)


@pytest.fixture
def cat():
    return make_catalogue(stock=5)


def test_partner_order_is_priced_at_the_agent_tier_with_the_grade_discount(cat):
    alf = make_alf()
    order = make_order(alf.customer, cat["machine"], 1)
    line = order.lines.get()
    assert order.number.startswith(f"SO{timezone.localdate():%Y%m%d}-")
    assert (order.partner, order.price_tier, order.customer_grade) == (alf, "agent", "A")
    assert line.unit_price == AGENT_A and order.total_amount == AGENT_A
    assert {step["code"] for step in line.price_explanation} >= {"price_list", "grade_discount", "result"}


def test_special_partner_buys_at_the_special_agent_price(cat):
    alf = make_alf(special=True)
    order = make_order(alf.customer, cat["machine"], 1)
    assert order.price_tier == "special_agent"
    assert order.lines.get().unit_price == D("85120.00")  # 128,000 × 0.70 × 0.95


def test_a_plain_customer_buys_at_the_suggested_price(cat):
    order = make_order(plain_customer(grade="B"), cat["machine"], 1)
    assert order.price_tier == "suggested" and order.total_amount == SUGGESTED_B


def test_order_numbers_are_consecutive_per_day(cat):
    customer = plain_customer()
    first, second = make_order(customer, cat["machine"]), make_order(customer, cat["machine"])
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


def test_submitting_twice_is_a_no_op(cat):
    order = make_order(plain_customer(), cat["machine"])
    once = services.submit_order(actor=user("sales_admin"), order=order)
    again = services.submit_order(actor=user("sales_admin"), order=order)
    assert once.status == again.status == OrderStatus.SUBMITTED
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.SUBMITTED).count() == 1
    assert once.delivery_rule == "within_quota" and once.promised_date > timezone.localdate()


def test_prepayment_order_waits_for_payment_then_reserves_stock(cat):
    customer = plain_customer()
    order = submitted(customer, cat["machine"], 2)
    services.approve_order(actor=user("sales_admin"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    pay(customer, order.total_amount, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.READY_TO_SHIP and order.paid_amount == order.total_amount
    level = StockLevel.objects.get(product=cat["machine"], warehouse=cat["hq"])
    assert (level.on_hand, level.reserved) == (5, 2)
    assert order.lines.get().reserved_quantity == 2


def test_credit_order_over_the_limit_is_held_and_a_payment_lifts_the_hold(cat):
    alf = make_alf(credit_limit=D("150000"))
    old = submitted(alf.customer, cat["machine"], 1, payment_mode="credit")
    services.approve_order(actor=user("sales_admin"), order=old)
    ar.post_invoice(actor=user("warehouse"), order=old, amount=old.total_amount, on=timezone.localdate(),
                    reference="FH-1")
    order = submitted(alf.customer, cat["machine"], 1, payment_mode="credit")
    assert (order.status, order.hold_kind) == (OrderStatus.ON_HOLD, HoldKind.CREDIT)
    assert "credit limit" in order.hold_reason.lower() or order.hold_reason
    with pytest.raises(StateConflict) as exc:
        services.approve_order(actor=user("sales_admin"), order=order)
    assert exc.value.code == "credit_hold"
    pay(alf.customer, old.total_amount)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.hold_reason == ""
    services.approve_order(actor=user("sales_admin"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.READY_TO_SHIP


def test_overdue_items_hold_new_orders_and_the_director_may_approve_an_exception(cat):
    alf = make_alf(credit_limit=D("1000000"), term_days=10)
    old = submitted(alf.customer, cat["machine"], 1, payment_mode="credit")
    services.approve_order(actor=user("sales_admin"), order=old)
    ar.post_invoice(actor=user("warehouse"), order=old, amount=D("1000"),
                    on=timezone.localdate() - datetime.timedelta(days=40), reference="FH-OLD")
    order = submitted(alf.customer, cat["machine"], 1, payment_mode="credit")
    assert order.hold_kind == HoldKind.OVERDUE
    with pytest.raises(ValidationError):
        services.approve_order(actor=user("marketing_director"), order=order, reason="")
    services.approve_order(actor=user("marketing_director"), order=order, reason="老客户,已承诺周五付款")
    order.refresh_from_db()
    assert order.status == OrderStatus.READY_TO_SHIP and order.credit_override_by == user("marketing_director")


def test_a_line_below_the_floor_needs_an_approved_price_exception(cat):
    customer = plain_customer()
    order = services.create_order(actor=user("sales_admin"), customer=customer,
                                  lines=[{"product": cat["machine"], "quantity": 1, "unit_price": "80000"}],
                                  payment_mode="prepayment")
    assert order.lines.get().below_floor
    order = services.submit_order(actor=user("sales_admin"), order=order)
    assert (order.status, order.hold_kind) == (OrderStatus.ON_HOLD, HoldKind.PRICE)
    with pytest.raises(StateConflict):
        services.approve_order(actor=user("marketing_director"), order=order, reason="特批")
    exception = PriceException.objects.get(order=order)
    services.decide_price_exception(actor=user("marketing_director"), exception=exception, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert PriceException.objects.get(pk=exception.pk).status == PriceExceptionStatus.APPROVED


def test_a_rejected_price_exception_puts_the_line_back_at_the_resolved_price(cat):
    order = services.create_order(actor=user("sales_admin"), customer=plain_customer(),
                                  lines=[{"product": cat["machine"], "quantity": 1, "unit_price": "80000"}])
    order = services.submit_order(actor=user("sales_admin"), order=order)
    services.decide_price_exception(actor=user("marketing_director"), exception=order.price_exceptions.get(),
                                    approve=False, note="低于底价不批")
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.total_amount == SUGGESTED_B


def test_a_partner_user_cannot_type_prices(cat):
    alf = make_alf()
    with pytest.raises(ValidationError):
        services.create_order(actor=user("partner_user"), customer=alf.customer,
                              lines=[{"product": cat["machine"], "quantity": 1, "unit_price": "1"}])


def test_cancelling_releases_the_reservation_and_frees_the_prepayment(cat):
    customer = plain_customer()
    order = submitted(customer, cat["machine"], 1)
    services.approve_order(actor=user("sales_admin"), order=order)
    payment = pay(customer, order.total_amount, order=order)
    with pytest.raises(ValidationError):
        services.cancel_order(actor=user("sales_admin"), order=order, reason=" ")
    services.cancel_order(actor=user("sales_admin"), order=order, reason="客户取消")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "客户取消"
    assert StockLevel.objects.get(product=cat["machine"], warehouse=cat["hq"]).reserved == 0
    payment.refresh_from_db()
    assert payment.order is None


def test_approval_refuses_when_stock_is_short_and_leaves_the_order_waiting(cat):
    alf = make_alf(credit_limit=D("10000000"))
    order = submitted(alf.customer, cat["machine"], 6, payment_mode="credit")
    with pytest.raises(ValidationError) as exc:
        services.approve_order(actor=user("sales_admin"), order=order)
    assert exc.value.code == "insufficient_stock"
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_status_moves_only_along_the_table(cat):
    order = make_order(plain_customer(), cat["machine"])
    with pytest.raises(StateConflict):
        services.move_order(order=order, to=OrderStatus.SHIPPED, actor=user("sales_admin"))


def test_settles_when_receipt_returned_and_invoices_paid(cat):
    customer = plain_customer()
    order = submitted(customer, cat["machine"], 1, payment_mode="prepayment")
    services.approve_order(actor=user("sales_admin"), order=order)
    pay(customer, order.total_amount, order=order)
    order.refresh_from_db()
    ar.post_invoice(actor=user("warehouse"), order=order, amount=order.total_amount, on=timezone.localdate(),
                    reference="FH-1")
    for status in (OrderStatus.SHIPPED, OrderStatus.SIGNED, OrderStatus.RECEIPT_RETURNED):
        services.move_order(order=order, to=status, actor=user("warehouse"))
    assert services.settle_if_paid(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SETTLED


def test_every_status_move_is_in_the_change_history_with_who_made_it(cat):
    alf = make_alf(credit_limit=D("10000000"))
    order = submitted(alf.customer, cat["machine"], 1, payment_mode="credit")
    services.approve_order(actor=user("marketing_director"), order=order)
    steps = [(h.history_type, h.status, h.history_user.username if h.history_user else None)
             for h in order.history.order_by("history_date", "history_id")]
    assert steps == [("+", OrderStatus.DRAFT, "sales_admin"), ("~", OrderStatus.SUBMITTED, "sales_admin"),
                     ("~", OrderStatus.APPROVED, "marketing_director"),
                     ("~", OrderStatus.READY_TO_SHIP, "marketing_director")]


def test_a_paid_order_refused_for_short_stock_stays_awaiting_payment_with_a_note(cat):
    customer = plain_customer()
    order = submitted(customer, cat["machine"], 6, payment_mode="prepayment")
    services.approve_order(actor=user("sales_admin"), order=order)
    pay(customer, order.total_amount, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    note = order.events.get(kind="stock_short")
    assert (note.from_status, note.to_status) == (OrderStatus.AWAITING_PAYMENT, OrderStatus.AWAITING_PAYMENT)
    assert StockLevel.objects.get(product=cat["machine"], warehouse=cat["hq"]).reserved == 0


def test_create_submit_and_approve_each_run_a_fixed_handful_of_queries(cat, django_assert_max_num_queries):
    alf = make_alf(credit_limit=D("10000000"))
    admin = user("sales_admin")
    lines = [{"product": cat["machine"], "quantity": D(1)}]
    # The day's counter, the rule values and the working calendar (kept in the process from then on).
    services.submit_order(actor=admin, order=services.create_order(actor=admin, customer=alf.customer, lines=lines,
                                                                   payment_mode="credit"))
    # Savepoints included (the test's transaction is open).
    with django_assert_max_num_queries(11):  # partner, price (3), number, order + history, lines, event
        order = services.create_order(actor=admin, customer=alf.customer, lines=lines, payment_mode="credit",
                                      warehouse=cat["hq"])
    with django_assert_max_num_queries(10):  # lock (order row only), lines, quota, move (3), territory, credit (1)
        order = services.submit_order(actor=admin, order=order)
    with django_assert_max_num_queries(18):  # lock, lines, credit, two moves, stock reservation and its ledger line
        services.approve_order(actor=admin, order=order)
    assert order.status == OrderStatus.SUBMITTED
    order.refresh_from_db()
    assert order.status == OrderStatus.READY_TO_SHIP
