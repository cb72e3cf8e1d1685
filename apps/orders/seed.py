"""The orders part of `manage.py seed_demo`: orders in every state, shipments, receivables, statements, returns."""


def seed_demo(context: dict) -> None:
    """Build the demo order-to-cash history; deterministic for a given day."""
