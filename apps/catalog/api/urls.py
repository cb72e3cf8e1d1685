from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views_prices, views_products, views_stock

router = SimpleRouter()
router.register("products", views_products.ProductViewSet, basename="product")
router.register("categories", views_products.CategoryViewSet, basename="category")
router.register("warehouses", views_stock.WarehouseViewSet, basename="warehouse")
router.register("stock", views_stock.StockLevelViewSet, basename="stock")
router.register("stock-movements", views_stock.StockMovementViewSet, basename="stock-movement")
router.register("stock-counts", views_stock.StockCountViewSet, basename="stock-count")
router.register("price-lists", views_prices.PriceListViewSet, basename="price-list")
router.register("price-windows", views_prices.PriceWindowViewSet, basename="price-window")

urlpatterns = [
    path("catalog/price-quote/", views_prices.PriceQuoteView.as_view(), name="price-quote"),
    *router.urls,
]
