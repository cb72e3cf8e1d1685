from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import access_cache, config_cache, plugins, signals  # noqa: F401  (cache invalidation; menu; audit)
        from .rules import sync_parameters

        post_migrate.connect(sync_parameters, sender=self, dispatch_uid="core.sync_parameters")
