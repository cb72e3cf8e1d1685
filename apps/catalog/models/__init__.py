from .prices import PriceItem, PriceList, PriceWindow
from .products import Category, Product
from .stock import StockCount, StockCountLine, StockLevel, StockMovement, Warehouse

__all__ = ["Category", "PriceItem", "PriceList", "PriceWindow", "Product", "StockCount", "StockCountLine",
           "StockLevel", "StockMovement", "Warehouse"]
