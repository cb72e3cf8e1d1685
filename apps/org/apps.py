from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "apps.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import plugins, signals  # noqa: F401  (navigation, dashboard panels, search; access cache)

        post_migrate.connect(_sync_roles, dispatch_uid="org.sync_roles")


def _sync_roles(sender, **kwargs):
    """After every migrate, give the shipped roles the rights new capabilities declare (idempotent)."""
    from django.apps import apps

    if sender.name == list(apps.get_app_configs())[-1].name:  # once, after the last app's permissions exist
        from .services import sync_roles

        sync_roles()
