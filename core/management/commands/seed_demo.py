"""Load the demo company (domain.md §17) into an empty database; never into one with data or in production."""

import os
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

PASSWORD_FILE = settings.VAR_DIR / "demo_password.txt"


class Command(BaseCommand):
    help = "Build the demo company from domain.md if the database is empty."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is never loaded under production settings.")
        if get_user_model().objects.exists():
            self.stdout.write("The database already has data; demo company not loaded.")
            return
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        context = {"password": password}
        # The demo's past is simulated: the notifications it triggers are not mailed to anyone.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("apps."):
                    continue
                try:
                    seed = import_string(f"{config.name}.seed.seed_demo")
                except ImportError:
                    continue
                self.stdout.write(f"Seeding {config.verbose_name}…")
                seed(context)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Demo company loaded. Every demo password: {password}"))
