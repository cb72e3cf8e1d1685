from django.urls import path
from django.views.generic import RedirectView

from .views import counts, prices, products, stock

app_name = "catalog"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="catalog:products"), name="index"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_form, name="product-create"),
    path("products/<int:pk>/", products.product_detail, name="product-detail"),
    path("products/<int:pk>/edit/", products.product_form, name="product-edit"),
    path("products/<int:pk>/<str:action>/", products.product_action, name="product-action"),
    path("categories/new/", products.category_form, name="category-create"),
    path("categories/<int:pk>/", products.category_form, name="category-edit"),
    path("warehouses/", stock.warehouse_list, name="warehouses"),
    path("warehouses/new/", stock.warehouse_form, name="warehouse-create"),
    path("warehouses/<int:pk>/", stock.warehouse_detail, name="warehouse-detail"),
    path("warehouses/<int:pk>/edit/", stock.warehouse_form, name="warehouse-edit"),
    path("stock/move/<str:kind>/", stock.stock_move, name="stock-move"),
    path("stock/ledger/", stock.ledger, name="ledger"),
    path("stock-counts/", counts.count_list, name="stock-counts"),
    path("stock-counts/new/", counts.count_create, name="stock-count-create"),
    path("stock-counts/<int:pk>/", counts.count_detail, name="stock-count-detail"),
    path("stock-counts/<int:pk>/<str:action>/", counts.count_action, name="stock-count-action"),
    path("prices/", prices.price_list_index, name="price-lists"),
    path("prices/new/", prices.price_list_form, name="price-list-create"),
    path("prices/calculator/", prices.price_calculator, name="price-calculator"),
    path("prices/<int:pk>/", prices.price_list_detail, name="price-list-detail"),
    path("prices/<int:pk>/edit/", prices.price_list_form, name="price-list-edit"),
    path("prices/<int:pk>/items/", prices.price_item_action, name="price-item-add"),
    path("prices/<int:pk>/items/<int:item_pk>/", prices.price_item_action, name="price-item-edit"),
    path("price-windows/", prices.window_list, name="price-windows"),
    path("price-windows/new/", prices.window_form, name="price-window-create"),
    path("price-windows/<int:pk>/", prices.window_form, name="price-window-edit"),
]
