"""The setup contract: demo data only into an empty, non-production database; production settings pass
`check --deploy`."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_data_is_never_loaded_into_a_database_with_data():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already has data" in out.getvalue()


def test_demo_data_is_refused_under_production_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_demo_logins_lists_every_role_login():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for login in ["admin", "marketing_director", "cs_agent", "partner_user"]:
        assert login in out.getvalue()


def test_production_settings_pass_the_deploy_check():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.prod", "ALLOWED_HOSTS": "mc.example.com",
           "SECRET_KEY": "x7!kq2#prod-only-" + "z" * 40}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
