from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

api_v1 = [
    path("", include("core.api.urls")),
    path("", include("apps.org.api.urls")),
    path("", include("apps.catalog.api.urls")),
    path("", include("apps.customers.api.urls")),
    path("", include("apps.channels.api.urls")),
    path("", include("apps.orders.api.urls")),
    path("", include("apps.service.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("org/", include("apps.org.urls")),
    path("catalog/", include("apps.catalog.urls")),
    path("customers/", include("apps.customers.urls")),
    path("channels/", include("apps.channels.urls")),
    path("orders/", include("apps.orders.urls")),
    path("service/", include("apps.service.urls")),
    path("support/", include("apps.service.intake.urls")),
    path("", include("core.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
