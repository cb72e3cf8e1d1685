"""The catalogue part of `manage.py seed_demo`: products, warehouses with a month of stock, the price system."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from .demo_prices import seed_prices
from .demo_products import seed_products
from .demo_stock import seed_count, seed_month, seed_opening_stock, seed_reservations, seed_warehouses


def seed_demo(context: dict) -> None:
    """Build the demo catalogue; deterministic for a given day."""
    users = get_user_model().objects
    admin, keeper = users.get(username="sales_admin"), users.get(username="warehouse")
    parts_keeper, approver = users.get(username="parts_keeper"), users.get(username="aftersales_manager")
    today = timezone.localdate()
    products = seed_products(actor=admin, today=today)
    seed_prices(actor=admin, today=today, products=products)
    warehouses = seed_warehouses(actor=users.get(username="system_admin"))
    seed_opening_stock(actor=keeper, today=today, products=products, warehouses=warehouses)
    seed_count(counter=parts_keeper, approver=approver, today=today, products=products, warehouses=warehouses)
    seed_month(actor=keeper, today=today, products=products, warehouses=warehouses)
    seed_reservations(actor=keeper, products=products, warehouses=warehouses)
    context["catalog"] = {"products": products, "warehouses": warehouses}
