from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "apps.service"
    label = "service"
    verbose_name = _("Service desk")

    def ready(self):
        from . import plugins  # noqa: F401  (navigation, dashboard panels, search, customer-360 panel)
