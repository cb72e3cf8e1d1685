"""The inbound mail log: the CS manager and the system administrator read what the mailbox poll did with each mail
(the ticket it opened, or why it failed), filter it, and nobody else sees it."""

import pytest
from django.utils import timezone

from apps.service.intake import email_in
from apps.service.intake.email_in import process_mail
from apps.service.intake.mail_log import MailFilters, list_inbound_mail_for
from core.registry import nav_for
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from . import mail_samples as samples

pytestmark = pytest.mark.django_db
URL = "/service/inbound-mail/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def log(monkeypatch):
    """One mail that opened a ticket and one that failed (the ticket could not be written)."""
    created = process_mail(samples.plain(subject="激光打印机无法开机", body="开机后指示灯不亮。",
                                         sender="wang.wu@example.cn"))

    def broken(mail, record):
        raise RuntimeError("the ticket table is locked")

    monkeypatch.setattr(email_in, "_apply", broken)
    failed = process_mail(samples.plain(subject="发票抬头变更", body="请更改发票抬头。", sender="li.si@example.cn"))
    monkeypatch.undo()
    assert created.outcome == "created" and failed.outcome == "failed"
    return created, failed


def test_anonymous_is_sent_to_login():
    response = web_as(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("username", [p.CS_AGENT, p.CS_SUPERVISOR, p.DIRECTOR, p.PARTNER_A_USER])
def test_other_roles_are_refused_and_see_no_rows(username, log):
    assert web_as(username).get(URL).status_code == 403
    assert not list_inbound_mail_for(user(username)).exists()
    assert "service-inbound-mail" not in {item.key for item in nav_for(user(username))}


@pytest.mark.parametrize("username", [p.CS_MANAGER, p.SYSTEM_ADMIN])
def test_the_manager_and_the_administrator_read_the_log(username, log):
    created, _failed = log
    html = web_as(username).get(URL).content.decode()
    assert "wang.wu@example.cn" in html and "激光打印机无法开机" in html
    assert f'href="/service/tickets/{created.ticket.pk}/"' in html and created.ticket.number in html
    assert "li.si@example.cn" in html and "RuntimeError: the ticket table is locked" in html
    assert "service-inbound-mail" in {item.key for item in nav_for(user(username))}


def test_filters_by_outcome_and_text_and_htmx_gets_only_the_table(log):
    created, _failed = log
    client = web_as(p.CS_MANAGER)
    failures = client.get(URL, {"outcome": "failed"}).content.decode()
    assert "发票抬头变更" in failures and "激光打印机无法开机" not in failures
    found = client.get(URL, {"q": created.ticket.number}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in found and "激光打印机无法开机" in found and "发票抬头变更" not in found
    nothing = client.get(URL, {"q": "没有这封邮件"}).content.decode()
    assert "mc-empty" in nothing


def test_a_bad_filter_is_ignored_not_an_error(log):
    response = web_as(p.CS_MANAGER).get(URL, {"outcome": "nonsense", "from": "2026-13-40"})
    assert response.status_code == 200 and "发票抬头变更" in response.content.decode()


def test_dates_narrow_the_log(log):
    created, _failed = log
    day = timezone.localdate(created.processed_at)
    manager = user(p.CS_MANAGER)
    assert list_inbound_mail_for(manager, MailFilters(start=day, end=day)).count() == 2
    assert not list_inbound_mail_for(manager, MailFilters(end=day.replace(year=day.year - 1))).exists()


def test_the_log_page_does_not_grow_queries_with_rows(log, monkeypatch):
    client = web_as(p.CS_MANAGER)
    client.get(URL)
    with max_queries(20) as few:
        client.get(URL)
    for n in range(5):
        process_mail(samples.plain(subject=f"咨询 {n}", body="你好", sender=f"c{n}@example.cn"))
    with max_queries(20) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)
