"""Login, lockout, logout and the audit log of security events."""

import pytest
from django.test import Client

from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import web_as

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_page_is_chinese_by_default():
    html = Client().get("/login/").content.decode()
    assert '<html lang="zh-hans">' in html


def test_successful_login_lands_on_the_dashboard_and_is_audited():
    response = login(Client(), p.NORTH_REP, p.PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", username=p.NORTH_REP).exists()


def test_failed_login_is_audited_with_the_attempted_username():
    response = login(Client(), p.NORTH_REP, "wrong")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="login_failed", username=p.NORTH_REP).exists()


def test_repeated_failures_lock_the_account_even_with_the_right_password():
    client = Client()
    for _attempt in range(5):
        login(client, p.CS_AGENT, "wrong")
    response = login(client, p.CS_AGENT, p.PASSWORD)
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower() or "锁定" in response.content.decode()


def test_logout_is_a_post_and_is_audited():
    client = web_as(p.NORTH_REP)
    assert client.post("/logout/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", username=p.NORTH_REP).exists()


def test_password_change_page_works_for_any_user():
    client = web_as(p.PARTNER_A_USER)
    response = client.post("/password/", {"old_password": p.PASSWORD, "new_password1": "An0ther-Strong-Pass",
                                          "new_password2": "An0ther-Strong-Pass"})
    assert response.status_code == 302
    assert login(Client(), p.PARTNER_A_USER, "An0ther-Strong-Pass").status_code == 302


def test_audit_log_is_for_admins_and_searchable():
    login(Client(), p.NORTH_REP, "wrong")
    assert web_as(p.NORTH_REP).get("/audit/").status_code == 403
    html = web_as(p.SYSTEM_ADMIN).get("/audit/?action=login_failed&q=sales").content.decode()
    assert p.NORTH_REP in html


def test_audit_log_htmx_filter_returns_only_the_table():
    html = web_as(p.SYSTEM_ADMIN).get("/audit/?q=x", HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in html and "<html" not in html
