"""Demo orders (domain.md §17): orders in every state over the last month for the demo partners and customers,
made through the services and then dated back. Deterministic for a given day."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from apps.catalog.models import StockLevel

from .choices import OrderStatus
from .models import Order, OrderEvent
from .services import orders as services
from .services import receivables as ar_services

SEED = 20261125
MACHINE_CATEGORIES = ("uv-flatbed", "large-format", "engravers")
ADDRESS = {"110000": ("朝阳区望京街 10 号", "110105"), "440000": ("天河区体育西路 88 号", "440106")}


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _stocked_products(products: dict) -> tuple[list, list]:
    """Machines and consumables with stock to spare in the head-office warehouse."""
    levels = {lv.product_id: lv.on_hand - lv.reserved for lv in StockLevel.objects.filter(warehouse__code="wh-hq")}
    active = [p for p in products.values() if p.status == "active" and levels.get(p.pk, 0) >= 4]
    machines = [p for p in active if p.category.code in MACHINE_CATEGORIES]
    consumables = [p for p in active if p.category.code not in MACHINE_CATEGORIES and not p.is_spare_part]
    return machines, consumables


def _backdate(order: Order, days_ago: int) -> None:
    """Move the order's dates (and its events, in their order) `days_ago` days back."""
    delta = datetime.timedelta(days=days_ago)
    Order.objects.filter(pk=order.pk).update(created_at=F("created_at") - delta)
    Order.objects.filter(pk=order.pk, submitted_at__isnull=False).update(submitted_at=F("submitted_at") - delta)
    Order.objects.filter(pk=order.pk, approved_at__isnull=False).update(approved_at=F("approved_at") - delta)
    OrderEvent.objects.filter(order=order).update(occurred_at=F("occurred_at") - delta)


def _lines(rng, machines, consumables, big: bool = False) -> list[dict]:
    lines = []
    if machines:
        lines.append({"product": rng.choice(machines), "quantity": Decimal(2 if big else 1)})
    if consumables:
        lines.append({"product": rng.choice(consumables), "quantity": Decimal(rng.choice([4, 6, 10]))})
    return lines


# (partner key or customer index, target state, payment mode, days ago)
PLAN = [
    ("alf", "ready", "credit", 28), ("alf", "ready", "prepayment", 24), ("alf", "ready", "credit", 20),
    ("alf", "awaiting_payment", "prepayment", 3), ("alf", "draft", "prepayment", 1),
    ("hx", "ready", "prepayment", 26), ("hx", "ready", "credit", 18), ("hx", "submitted", "prepayment", 2),
    ("hx", "hold_credit", "credit", 4), ("sh", "ready", "credit", 22), ("sh", "ready", "prepayment", 15),
    ("hz", "ready", "credit", 27), ("hz", "ready", "credit", 12), ("hz", "hold_price", "prepayment", 5),
    ("nb", "ready", "prepayment", 10), ("nb", "cancelled", "prepayment", 9), ("sz", "ready", "credit", 14),
    ("sz", "awaiting_payment", "prepayment", 6), (0, "ready", "prepayment", 21), (1, "ready", "prepayment", 16),
    (2, "submitted", "prepayment", 1), (3, "draft", "prepayment", 0), (4, "hold_overdue", "prepayment", 7),
    (5, "ready", "prepayment", 8), (6, "ready", "prepayment", 11), (7, "awaiting_payment", "prepayment", 2),
]


def _customer_for(key, partners: dict, customers: list):
    if isinstance(key, str):
        partner = partners.get(key)
        return partner.customer if partner is not None and partner.status == "active" else None
    plain = [c for c in customers if c.kind in ("company", "industry") and c.owner_id][:12]
    return plain[key] if key < len(plain) else None


def _header(customer, mode: str, channel: str) -> dict:
    address, district = ADDRESS.get(customer.province_code, ("", ""))
    ship_to = None
    if address:
        ship_to = {"province_code": customer.province_code, "city_code": customer.city_code,
                   "district_code": district, "address": address, "receiver_name": customer.legal_person or "收货人",
                   "receiver_phone": "13800138000"}
    return {"payment_mode": mode, "channel": channel, "ship_to": ship_to}


def _below_floor(order: Order, admin) -> Order:
    """Re-enter the first line 5 % under the minimum market price (the rep promised a discount)."""
    lines = list(order.lines.order_by("position"))
    if not lines or not lines[0].floor_price:
        return order
    wanted = [{"product": li.product, "quantity": li.quantity} for li in lines]
    wanted[0]["unit_price"] = (lines[0].floor_price * Decimal("0.95")).quantize(Decimal("1"))
    return services.update_order(actor=admin, order=order, lines=wanted)


def _make(target: str, customer, mode: str, rng, stock, people) -> Order | None:
    machines, consumables = stock
    admin, director, finance = people["sales_admin"], people["marketing_director"], people["finance"]
    channel = "portal" if customer.partner_unit_id and target == "draft" else rng.choice(["phone", "rep", "im", "fax"])
    lines = _lines(rng, machines, consumables)
    if target == "hold_credit" and machines:
        lines = [{"product": machines[0], "quantity": Decimal(8)}]
    if not lines:
        return None
    order = services.create_order(actor=admin, customer=customer, lines=lines, **_header(customer, mode, channel))
    if target == "hold_price":
        order = _below_floor(order, admin)
    if target == "draft":
        return order
    order = services.submit_order(actor=admin, order=order)
    if target in ("submitted", "hold_credit", "hold_price", "hold_overdue") or order.hold_kind == "price":
        return order
    try:
        if order.status == OrderStatus.ON_HOLD:
            services.approve_order(actor=director, order=order, reason="老客户,总监特批")
        else:
            services.approve_order(actor=admin, order=order)
    except ValidationError:
        return order  # short stock: it stays in the approval queue, as it would in life
    order.refresh_from_db()
    if target == "cancelled":
        return services.cancel_order(actor=admin, order=order, reason="客户改变采购计划")
    if order.status == OrderStatus.AWAITING_PAYMENT and target != "awaiting_payment":
        ar_services.record_payment(actor=finance, customer=customer, amount=order.total_amount,
                                   received_on=timezone.localdate(), method="bank_transfer",
                                   reference=f"BANK-{order.number[-4:]}", order=order)
    return order


def seed_orders(context: dict) -> list[Order]:
    """The demo orders; returns them. Overdue items for one customer are posted first so its new order is held."""
    people = {u: _user(u) for u in ("sales_admin", "marketing_director", "finance")}
    products = (context.get("catalog") or {}).get("products") or {}
    partners, customers = context.get("partners") or {}, context.get("customers") or []
    if not products or people["sales_admin"] is None:
        return []
    rng, stock, today = random.Random(SEED), _stocked_products(products), timezone.localdate()
    made = []
    for key, target, mode, days_ago in PLAN:
        customer = _customer_for(key, partners, customers)
        if customer is None:
            continue
        if target == "hold_overdue":
            ar_services.post_opening_invoice(actor=people["finance"], customer=customer, amount=Decimal("18600.00"),
                                             on=today - datetime.timedelta(days=75),
                                             due_on=today - datetime.timedelta(days=45), reference="期初应收 2026")
        order = _make(target, customer, mode, rng, stock, people)
        if order is not None:
            _backdate(order, days_ago)
            made.append(order)
    context["orders"] = made
    return made
