from django.urls import include, path

# One module of API views per concern, each with its own router.
urlpatterns = [
    path("", include("apps.customers.api.import_urls")),
    path("", include("apps.customers.api.archive_urls")),
    path("", include("apps.customers.api.pipeline_urls")),
]
