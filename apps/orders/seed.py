"""The orders part of `manage.py seed_demo`: orders in every state, shipments, receivables, statements, returns."""


def seed_demo(context: dict) -> None:
    """Build the demo order-to-cash history; deterministic for a given day."""
    # Order of the areas: orders → receivables → shipments (O2, below) → statements / rebates / returns / plans.
    from .demo_orders import seed_orders
    from .demo_receivables import seed_receivables

    seed_receivables(context)
    seed_orders(context)
    from .demo_shipments import seed_shipments

    seed_shipments(context)
    from .demo_money import seed_money

    seed_money(context)
