from django.urls import path  # noqa: F401  (each area adds its routes below)

app_name = "orders"
urlpatterns = [
    # orders (O1)
    # shipments, follow-up, branch requests, cross-territory flags (O2)
    # statements, rebates, returns, plans (O3)
]
