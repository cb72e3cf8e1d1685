from .orders import Order, OrderCounter, OrderEvent, OrderLine, PriceException

__all__ = ["Order", "OrderCounter", "OrderEvent", "OrderLine", "PriceException"]
