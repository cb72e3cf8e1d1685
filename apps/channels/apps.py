from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "apps.channels"
    label = "channels"
    verbose_name = _("Channels")

    def ready(self):
        from . import plugins  # noqa: F401  (navigation, dashboard panel, search, customer-360 panel)
