from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "apps.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from . import plugins  # noqa: F401  (navigation, search, customer-360 panels)
