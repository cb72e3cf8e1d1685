"""Print the demo logins (make run shows them on every start)."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "List the demo users with their roles and the demo password."

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "demo_password.txt"
        password = os.environ.get("DEMO_PASSWORD") or (
            password_file.read_text().strip() if password_file.exists() else "(not a demo database)"
        )
        users = get_user_model().objects.filter(is_active=True).prefetch_related("groups").order_by("id")
        self.stdout.write(f"{'login':<26} {'name':<10} roles")
        for user in users:
            roles = ", ".join(g.name for g in user.groups.all()) or ("superuser" if user.is_superuser else "")
            self.stdout.write(f"{user.username:<26} {user.first_name:<10} {roles}")
        self.stdout.write(f"Password for every demo login: {password}")
