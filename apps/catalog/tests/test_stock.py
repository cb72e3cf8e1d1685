"""The stock ledger: every change is a movement, balances follow it, and nothing oversells."""

import random
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.catalog import selectors, services
from apps.catalog.choices import MovementKind, Unit
from apps.catalog.models import StockLevel, StockMovement
from apps.catalog.services import InsufficientStock
from core.testing.helpers import user

from .factories import make_product, make_warehouse, stocked

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper():
    return user("warehouse")


@pytest.fixture
def product():
    return make_product("HC-UV1313")


@pytest.fixture
def hq():
    return make_warehouse("wh-hq", "总仓")


def level(product, warehouse) -> StockLevel:
    return StockLevel.objects.get(product=product, warehouse=warehouse)


def test_a_receipt_raises_on_hand_and_writes_one_ledger_line(keeper, product, hq):
    movement = services.receive_stock(actor=keeper, product=product, warehouse=hq, quantity=5, reference="RK001")
    assert (level(product, hq).on_hand, level(product, hq).reserved) == (D(5), D(0))
    assert movement.kind == MovementKind.RECEIPT and movement.on_hand_after == 5 and movement.actor == keeper


def test_issue_takes_only_available_units(keeper, product, hq):
    stocked(product, hq, 5)
    services.reserve_stock(actor=keeper, product=product, warehouse=hq, quantity=3, reference="XS1")
    with pytest.raises(InsufficientStock) as exc:
        services.issue_stock(actor=keeper, product=product, warehouse=hq, quantity=3)
    assert exc.value.code == "insufficient_stock" and exc.value.available == 2
    services.issue_stock(actor=keeper, product=product, warehouse=hq, quantity=2)
    assert (level(product, hq).on_hand, level(product, hq).reserved) == (D(3), D(3))


def test_the_refusal_is_translated_and_writes_nothing(keeper, product, hq):
    stocked(product, hq, 1)
    with translation.override("en"), pytest.raises(InsufficientStock) as exc:
        services.reserve_stock(actor=keeper, product=product, warehouse=hq, quantity=2, reference="XS1")
    assert "Only 1" in exc.value.messages[0] and "2 requested" in exc.value.messages[0]
    assert StockMovement.objects.filter(kind=MovementKind.RESERVATION).count() == 0
    assert level(product, hq).reserved == 0


def test_reserve_release_and_ship_a_reservation(keeper, product, hq):
    stocked(product, hq, 4)
    services.reserve_stock(actor=keeper, product=product, warehouse=hq, quantity=3, reference="XS1")
    services.release_reservation(actor=keeper, product=product, warehouse=hq, quantity=1, reference="XS1")
    shipped = services.issue_reserved(actor=keeper, product=product, warehouse=hq, quantity=2, reference="XS1")
    assert (shipped.on_hand_delta, shipped.reserved_delta) == (D(-2), D(-2))
    assert (level(product, hq).on_hand, level(product, hq).reserved) == (D(2), D(0))
    with pytest.raises(InsufficientStock):
        services.issue_reserved(actor=keeper, product=product, warehouse=hq, quantity=1, reference="XS1")
    with pytest.raises(InsufficientStock):
        services.release_reservation(actor=keeper, product=product, warehouse=hq, quantity=1, reference="XS1")


def test_a_reservation_can_point_at_its_document(keeper, product, hq):
    stocked(product, hq, 2)
    movement = services.reserve_stock(actor=keeper, product=product, warehouse=hq, quantity=1, reference="XS9",
                                      reference_object=hq)
    assert movement.reference_object == hq


def test_transfer_moves_available_units_with_two_linked_lines(keeper, product, hq):
    branch = make_warehouse("wh-bj", "北京分公司仓库")
    stocked(product, hq, 5)
    out, into = services.transfer_stock(actor=keeper, product=product, from_warehouse=hq, to_warehouse=branch,
                                        quantity=2, reference="DB1")
    assert (out.kind, into.kind) == (MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN)
    assert out.related_movement == into and into.related_movement == out
    assert (level(product, hq).on_hand, level(product, branch).on_hand) == (D(3), D(2))
    with pytest.raises(ValidationError):
        services.transfer_stock(actor=keeper, product=product, from_warehouse=hq, to_warehouse=hq, quantity=1)
    with pytest.raises(InsufficientStock):
        services.transfer_stock(actor=keeper, product=product, from_warehouse=hq, to_warehouse=branch, quantity=4)
    assert level(product, branch).on_hand == 2  # the refused transfer left no half behind


def test_adjustment_needs_a_reason_and_never_goes_below_reserved(keeper, product, hq):
    stocked(product, hq, 3)
    services.reserve_stock(actor=keeper, product=product, warehouse=hq, quantity=2, reference="XS1")
    with pytest.raises(ValidationError):
        services.adjust_stock(actor=keeper, product=product, warehouse=hq, quantity=-1, note=" ")
    with pytest.raises(InsufficientStock):
        services.adjust_stock(actor=keeper, product=product, warehouse=hq, quantity=-2, note="破损")
    services.adjust_stock(actor=keeper, product=product, warehouse=hq, quantity=-1, note="破损")
    services.adjust_stock(actor=keeper, product=product, warehouse=hq, quantity=2, note="盘盈")
    assert level(product, hq).on_hand == 4


@pytest.mark.parametrize("quantity", [0, -1, "1.5"])
def test_bad_quantities_are_refused_for_machines(keeper, product, hq, quantity):
    with pytest.raises(ValidationError) as exc:
        services.receive_stock(actor=keeper, product=product, warehouse=hq, quantity=quantity)
    assert "quantity" in exc.value.message_dict


def test_divisible_units_take_fractions(keeper, hq):
    ink = make_product("INK-BULK", unit=Unit.KG, is_serial_tracked=False)
    services.receive_stock(actor=keeper, product=ink, warehouse=hq, quantity="12.5")
    services.issue_stock(actor=keeper, product=ink, warehouse=hq, quantity="0.1")
    services.issue_stock(actor=keeper, product=ink, warehouse=hq, quantity="0.2")
    services.issue_stock(actor=keeper, product=ink, warehouse=hq, quantity="12.2")
    assert level(ink, hq).on_hand == 0
    assert services.verify_stock_balances() == []


def test_a_closed_warehouse_receives_nothing(keeper, product, hq):
    services.update_warehouse(actor=keeper, warehouse=hq, is_active=False)
    with pytest.raises(ValidationError):
        services.receive_stock(actor=keeper, product=product, warehouse=hq, quantity=1)


def test_verify_finds_a_balance_edited_behind_the_ledgers_back(keeper, product, hq):
    stocked(product, hq, 5)
    assert services.verify_stock_balances() == []
    StockLevel.objects.filter(product=product).update(on_hand=7)
    assert services.verify_stock_balances() == [{
        "product_id": product.pk, "warehouse_id": hq.pk, "on_hand": D(7), "ledger_on_hand": D(5),
        "reserved": D(0), "ledger_reserved": D(0)}]


def test_ledger_and_balances_agree_after_a_random_sequence_of_operations(keeper):
    rng = random.Random(20260417)
    products = [make_product(f"P{i}", is_serial_tracked=False) for i in range(3)]
    warehouses = [make_warehouse(f"w{i}", f"仓{i}") for i in range(3)]
    refused = 0
    for _step in range(300):
        product, warehouse, other = rng.choice(products), *rng.sample(warehouses, 2)
        quantity = rng.randint(1, 6)
        operation = rng.choice(["receive", "issue", "transfer", "adjust", "reserve", "release", "ship"])
        try:
            if operation == "receive":
                services.receive_stock(actor=keeper, product=product, warehouse=warehouse, quantity=quantity)
            elif operation == "issue":
                services.issue_stock(actor=keeper, product=product, warehouse=warehouse, quantity=quantity)
            elif operation == "transfer":
                services.transfer_stock(actor=keeper, product=product, from_warehouse=warehouse,
                                        to_warehouse=other, quantity=quantity)
            elif operation == "adjust":
                services.adjust_stock(actor=keeper, product=product, warehouse=warehouse,
                                      quantity=quantity * rng.choice([-1, 1]), note="随机")
            elif operation == "reserve":
                services.reserve_stock(actor=keeper, product=product, warehouse=warehouse, quantity=quantity,
                                       reference="R")
            elif operation == "release":
                services.release_reservation(actor=keeper, product=product, warehouse=warehouse,
                                             quantity=quantity, reference="R")
            else:
                services.issue_reserved(actor=keeper, product=product, warehouse=warehouse, quantity=quantity,
                                        reference="R")
        except InsufficientStock:
            refused += 1
    assert 0 < refused < 300
    assert services.verify_stock_balances() == []
    assert not StockLevel.objects.filter(on_hand__lt=0).exists()
    assert all(row.reserved <= row.on_hand for row in StockLevel.objects.all())


def test_stock_selectors_show_available_and_low_stock(keeper, hq):
    ink = make_product("INK-UV-C", unit=Unit.BOTTLE, is_serial_tracked=False, reorder_level=40)
    stocked(ink, hq, 45)
    services.reserve_stock(actor=keeper, product=ink, warehouse=hq, quantity=10, reference="XS2")
    row = selectors.list_stock_for(user("warehouse"), warehouse=hq).get()
    assert (row.on_hand, row.reserved, row.available, row.is_low) == (D(45), D(10), D(35), True)
    assert selectors.list_stock_for(user("warehouse"), low=True).count() == 1
    assert not selectors.list_stock_for(user("sales_rep")).exists()  # reps have no stock right
