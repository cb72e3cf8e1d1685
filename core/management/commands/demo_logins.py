"""Print the demo logins (make run shows them on every start): the superuser and one login per role."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "List one demo login per role with the demo password."

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "demo_password.txt"
        password = os.environ.get("DEMO_PASSWORD") or (
            password_file.read_text().strip() if password_file.exists() else "(not a demo database)"
        )
        users = get_user_model().objects.filter(is_active=True)
        rows = [(u.username, u.first_name, "superuser") for u in users.filter(is_superuser=True).order_by("id")]
        for group in Group.objects.order_by("id"):
            first = users.filter(groups=group, is_superuser=False).order_by("id").first()
            if first is not None:
                rows.append((first.username, first.first_name, group.name))
        self.stdout.write(f"{'login':<28}{'name':<8}role")
        for username, name, role in rows:
            self.stdout.write(f"{username:<28}{name:<8}{role}")
        self.stdout.write(f"Password for every demo login: {password}  ({users.count()} active logins in all)")
