"""The stock ledger's only writer (ADR 0005): every change is a StockMovement, and the StockLevel running balance
moves with it in the same transaction through one conditional UPDATE, so no check-then-write race can oversell."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import MovementKind, Unit
from ..models import Product, StockLevel, StockMovement, Warehouse

ZERO = Decimal("0")
DIVISIBLE_UNITS = {Unit.KG, Unit.LITRE}
DECIMALS = 3  # quantities are kept to 3 places; rounding each update keeps SQLite's float arithmetic exact


class InsufficientStock(ValidationError):
    """Fewer units are available (or reserved) than the movement needs; nothing was written."""

    def __init__(self, *, product: Product, warehouse: Warehouse, requested: Decimal, available: Decimal):
        super().__init__(
            _("Only %(available)s of %(product)s available in %(warehouse)s; %(requested)s requested.") % {
                "available": _qty(available), "product": product.name, "warehouse": warehouse.name,
                "requested": _qty(requested)},
            code="insufficient_stock",
        )
        self.available = available
        self.requested = requested


def _qty(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _check_quantity(product: Product, quantity) -> Decimal:
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise ValidationError({"quantity": _("Enter a quantity above zero.")}, code="invalid_quantity")
    if product.unit not in DIVISIBLE_UNITS and quantity != quantity.to_integral_value():
        raise ValidationError({"quantity": _("%(unit)s are counted in whole numbers.") % {
            "unit": product.get_unit_display()}}, code="invalid_quantity")
    return quantity


def _level_for(product: Product, warehouse: Warehouse) -> StockLevel:
    """The balance row of a product in a warehouse, created at zero on first use (safe under concurrency)."""
    try:
        return StockLevel.objects.get(product=product, warehouse=warehouse)
    except StockLevel.DoesNotExist:
        try:
            with transaction.atomic():
                return StockLevel.objects.create(product=product, warehouse=warehouse)
        except IntegrityError:
            return StockLevel.objects.get(product=product, warehouse=warehouse)


def _reference_fields(reference_object) -> dict:
    if reference_object is None:
        return {}
    return {"reference_type": ContentType.objects.get_for_model(reference_object),
            "reference_id": reference_object.pk}


def _post(*, actor, product: Product, warehouse: Warehouse, kind: str, on_hand_delta=ZERO, reserved_delta=ZERO,
          guard: Q | None = None, shortfall_of: str = "available", reference: str = "", reference_object=None,
          note: str = "", occurred_at: datetime.datetime | None = None, related=None) -> StockMovement:
    """Apply one movement: a conditional UPDATE of the balance (row count 0 = refused), then the ledger line."""
    level_rows = StockLevel.objects.filter(product=product, warehouse=warehouse)
    rows = level_rows if guard is None else level_rows.filter(guard)

    def apply() -> int:
        return rows.update(on_hand=Round(F("on_hand") + on_hand_delta, DECIMALS),
                           reserved=Round(F("reserved") + reserved_delta, DECIMALS), updated_at=timezone.now())

    updated = apply()
    balance = level_rows.values_list("on_hand", "reserved")
    try:
        on_hand, reserved = balance.get()
    except StockLevel.DoesNotExist:  # the product's first movement in this warehouse
        _level_for(product, warehouse)
        updated = apply()
        on_hand, reserved = balance.get()
    if not updated:
        have = reserved if shortfall_of == "reserved" else on_hand - reserved
        raise InsufficientStock(product=product, warehouse=warehouse, available=have,
                                requested=abs(on_hand_delta or reserved_delta))
    return StockMovement.objects.create(
        product=product, warehouse=warehouse, kind=kind, on_hand_delta=on_hand_delta, reserved_delta=reserved_delta,
        on_hand_after=on_hand, reserved_after=reserved, reference=reference, note=note, actor=actor,
        occurred_at=occurred_at or timezone.now(), related_movement=related, **_reference_fields(reference_object),
    )


def _available_at_least(quantity: Decimal) -> Q:
    return Q(on_hand__gte=Round(F("reserved") + quantity, DECIMALS))


def _check_open(warehouse: Warehouse) -> None:
    if not warehouse.is_active:
        raise ValidationError({"warehouse": _("%(name)s is closed.") % {"name": warehouse.name}})


@transaction.atomic
def receive_stock(*, actor, product: Product, warehouse: Warehouse, quantity, reference: str = "",
                  reference_object=None, note: str = "", occurred_at=None) -> StockMovement:
    """Goods arrive in a warehouse (入库)."""
    quantity = _check_quantity(product, quantity)
    _check_open(warehouse)
    return _post(actor=actor, product=product, warehouse=warehouse, kind=MovementKind.RECEIPT,
                 on_hand_delta=quantity, reference=reference, reference_object=reference_object, note=note,
                 occurred_at=occurred_at)


@transaction.atomic
def issue_stock(*, actor, product: Product, warehouse: Warehouse, quantity, reference: str = "",
                reference_object=None, note: str = "", occurred_at=None) -> StockMovement:
    """Goods leave a warehouse (出库) from the unreserved units; refused if fewer are available."""
    quantity = _check_quantity(product, quantity)
    return _post(actor=actor, product=product, warehouse=warehouse, kind=MovementKind.ISSUE,
                 on_hand_delta=-quantity, guard=_available_at_least(quantity), reference=reference,
                 reference_object=reference_object, note=note, occurred_at=occurred_at)


@transaction.atomic
def transfer_stock(*, actor, product: Product, from_warehouse: Warehouse, to_warehouse: Warehouse, quantity,
                   reference: str = "", note: str = "", occurred_at=None) -> tuple[StockMovement, StockMovement]:
    """Move available units from one warehouse to another: a linked transfer-out and transfer-in."""
    quantity = _check_quantity(product, quantity)
    if from_warehouse.pk == to_warehouse.pk:
        raise ValidationError({"to_warehouse": _("Choose a different warehouse to transfer to.")})
    _check_open(to_warehouse)
    out = _post(actor=actor, product=product, warehouse=from_warehouse, kind=MovementKind.TRANSFER_OUT,
                on_hand_delta=-quantity, guard=_available_at_least(quantity), reference=reference, note=note,
                occurred_at=occurred_at)
    into = _post(actor=actor, product=product, warehouse=to_warehouse, kind=MovementKind.TRANSFER_IN,
                 on_hand_delta=quantity, reference=reference, note=note, occurred_at=out.occurred_at, related=out)
    StockMovement.objects.filter(pk=out.pk).update(related_movement=into)
    out.related_movement = into
    return out, into


def _post_correction(*, kind: str, actor, product, warehouse, delta: Decimal, **fields) -> StockMovement:
    guard = _available_at_least(-delta) if delta < 0 else None
    return _post(actor=actor, product=product, warehouse=warehouse, kind=kind, on_hand_delta=delta, guard=guard,
                 **fields)


@transaction.atomic
def adjust_stock(*, actor, product: Product, warehouse: Warehouse, quantity, note: str, reference: str = "",
                 occurred_at=None) -> StockMovement:
    """Correct the book by a signed quantity (damage, found goods) with a reason; never below what is reserved."""
    quantity = Decimal(quantity)
    _check_quantity(product, abs(quantity) or ZERO)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for the adjustment.")})
    return _post_correction(kind=MovementKind.ADJUSTMENT, actor=actor, product=product, warehouse=warehouse,
                            delta=quantity, note=note, reference=reference, occurred_at=occurred_at)


def post_count_difference(*, actor, product: Product, warehouse: Warehouse, difference: Decimal, count,
                          occurred_at=None) -> StockMovement:
    """Book a stock count's difference (called by the count approval inside its transaction)."""
    return _post_correction(kind=MovementKind.COUNT_DIFFERENCE, actor=actor, product=product, warehouse=warehouse,
                            delta=difference, reference=count.number, reference_object=count,
                            occurred_at=occurred_at)


@transaction.atomic
def reserve_stock(*, actor, product: Product, warehouse: Warehouse, quantity, reference: str,
                  reference_object=None, note: str = "") -> StockMovement:
    """Set available units aside for an order; refused (InsufficientStock) when fewer are available."""
    quantity = _check_quantity(product, quantity)
    return _post(actor=actor, product=product, warehouse=warehouse, kind=MovementKind.RESERVATION,
                 reserved_delta=quantity, guard=_available_at_least(quantity), reference=reference,
                 reference_object=reference_object, note=note)


@transaction.atomic
def release_reservation(*, actor, product: Product, warehouse: Warehouse, quantity, reference: str,
                        reference_object=None, note: str = "") -> StockMovement:
    """Give reserved units back to the available stock (order cancelled or changed)."""
    quantity = _check_quantity(product, quantity)
    return _post(actor=actor, product=product, warehouse=warehouse, kind=MovementKind.RELEASE,
                 reserved_delta=-quantity, guard=Q(reserved__gte=quantity), shortfall_of="reserved",
                 reference=reference, reference_object=reference_object, note=note)


@transaction.atomic
def issue_reserved(*, actor, product: Product, warehouse: Warehouse, quantity, reference: str,
                   reference_object=None, note: str = "") -> StockMovement:
    """Ship reserved units: on hand and reserved both go down (reserved → issued)."""
    quantity = _check_quantity(product, quantity)
    return _post(actor=actor, product=product, warehouse=warehouse, kind=MovementKind.ISSUE,
                 on_hand_delta=-quantity, reserved_delta=-quantity,
                 guard=Q(reserved__gte=quantity, on_hand__gte=quantity), shortfall_of="reserved",
                 reference=reference, reference_object=reference_object, note=note)


def _exact(total) -> Decimal:
    """A ledger sum at the quantities' precision (SQLite adds decimals as floats)."""
    return Decimal(total or 0).quantize(Decimal(1).scaleb(-DECIMALS))


def book_movement(*, actor, kind: str, product: Product, warehouse: Warehouse, quantity, reference: str = "",
                  note: str = "", to_warehouse: Warehouse | None = None) -> StockMovement:
    """A movement posted by hand (form or API): receipt, issue, transfer (returns its out side) or adjustment."""
    common = {"actor": actor, "product": product, "quantity": quantity, "reference": reference, "note": note}
    if kind == "receipt":
        return receive_stock(warehouse=warehouse, **common)
    if kind == "issue":
        return issue_stock(warehouse=warehouse, **common)
    if kind == "transfer":
        if to_warehouse is None:
            raise ValidationError({"to_warehouse": _("Choose the warehouse to transfer to.")})
        return transfer_stock(from_warehouse=warehouse, to_warehouse=to_warehouse, **common)[0]
    if kind == "adjustment":
        return adjust_stock(warehouse=warehouse, **common)
    raise ValidationError({"kind": _("Unknown movement.")})


def verify_stock_balances() -> list[dict]:
    """Recompute every balance from the ledger; returns the rows that disagree (empty when all agree)."""
    ledger = {
        (row["product_id"], row["warehouse_id"]): (_exact(row["on_hand"]), _exact(row["reserved"]))
        for row in StockMovement.objects.values("product_id", "warehouse_id").annotate(
            on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
    }
    problems = []
    for level in StockLevel.objects.values("product_id", "warehouse_id", "on_hand", "reserved"):
        key = (level["product_id"], level["warehouse_id"])
        on_hand, reserved = ledger.pop(key, (ZERO, ZERO))
        if level["on_hand"] != on_hand or level["reserved"] != reserved:
            problems.append({"product_id": key[0], "warehouse_id": key[1], "on_hand": level["on_hand"],
                             "ledger_on_hand": on_hand, "reserved": level["reserved"], "ledger_reserved": reserved})
    for (product_id, warehouse_id), (on_hand, reserved) in ledger.items():
        problems.append({"product_id": product_id, "warehouse_id": warehouse_id, "on_hand": None,
                         "ledger_on_hand": on_hand, "reserved": None, "ledger_reserved": reserved})
    return problems
