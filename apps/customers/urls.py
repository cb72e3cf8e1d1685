from django.urls import include, path

app_name = "customers"
# One module of views per concern; each adds its own routes.
urlpatterns = [
    path("", include("apps.customers.views.archive_urls")),
    path("imports/", include("apps.customers.views.import_urls")),
    path("pool/", include("apps.customers.views.pool_urls")),
    path("pipeline/", include("apps.customers.views.pipeline_urls")),
]
