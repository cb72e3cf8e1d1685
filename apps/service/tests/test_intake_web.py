"""The public support form and status page (no login): a request becomes a web-form ticket, robots and floods are
turned away with clear messages or 429, and the status page shows the status and replies for the right pair only."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from apps.service import services
from apps.service.choices import MessageKind, TicketChannel, TicketStatus
from apps.service.intake import guard
from apps.service.intake.forms import HONEYPOT, TOKEN
from apps.service.intake.web import normalize_number, phone_matches
from apps.service.models import Ticket
from core import rules
from core.testing.helpers import english, user

from .factories import make_customer, make_ticket

pytestmark = pytest.mark.django_db
FORM, STATUS = "/support/", "/support/status/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def set_rule(key: str, value) -> None:
    rules.set_value(actor=user("system_admin"), key=key, new_value=value, effective_from=timezone.localdate())


def request_data(**changes) -> dict:
    data = {"kind": "repair", "caller_name": "刘先生", "phone": "139 1234 5678", "email": "liu@example.cn",
            "product": "激光打印机", "model_no": "HC-D800", "serial_no": "SN20261125", "subject": "打印机卡纸",
            "description": "每打印十页左右就卡纸一次。", TOKEN: guard.form_token(time.time() - 30), HONEYPOT: ""}
    data.update(changes)
    return data


def send(client=None, ip="203.0.113.7", **changes):
    return (client or Client()).post(FORM, request_data(**changes), REMOTE_ADDR=ip)


def lookup(number, phone, ip="203.0.113.8"):
    return Client().post(STATUS, {"number": number, "phone": phone}, REMOTE_ADDR=ip)


# -- the form ------------------------------------------------------------------------------------------------------


def test_the_form_is_public_chinese_by_default_and_carries_the_guards():
    response = Client().get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert f'name="{HONEYPOT}"' in html and f'name="{TOKEN}"' in html
    assert 'name="viewport"' in html and "login" not in response.wsgi_request.path
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_request_becomes_a_web_form_ticket_and_the_customer_sees_its_number():
    response = send()
    assert response.status_code == 302
    ticket = Ticket.objects.get(subject="打印机卡纸")
    assert (ticket.channel, ticket.kind, ticket.caller_name, ticket.phone, ticket.email) == (
        TicketChannel.WEB_FORM, "repair", "刘先生", "+8613912345678", "liu@example.cn")
    assert (ticket.product, ticket.model_no, ticket.serial_no) == ("激光打印机", "HC-D800", "SN20261125")
    assert ticket.description == "每打印十页左右就卡纸一次。"
    assert ticket.created_by is None and ticket.resolution_due is not None
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200
    assert f'id="ticket-number">{ticket.number}<' in thanks.content.decode()


def test_a_known_phone_links_the_customer():
    customer = make_customer(name="北京彩印广告有限公司", phone="13912345678", grade="B")
    send()
    ticket = Ticket.objects.get(subject="打印机卡纸")
    assert ticket.customer == customer and ticket.customer_grade == "B"


def test_an_attachment_is_stored_on_the_ticket():
    photo = SimpleUploadedFile("卡纸.jpg", b"\xff\xd8\xff photo", content_type="image/jpeg")
    assert send(attachment=photo).status_code == 302
    (attachment,) = Ticket.objects.get(subject="打印机卡纸").attachments.all()
    assert (attachment.name, attachment.kind, attachment.uploaded_by) == ("卡纸.jpg", "web_form", None)


def test_attachments_of_the_wrong_type_or_too_large_are_refused():
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = send(attachment=script)
    assert response.status_code == 200 and response.context["form"].has_error("attachment", "file_type")
    set_rule("service.web_form_attachment_mb", 0)
    photo = SimpleUploadedFile("a.jpg", b"\xff\xd8", content_type="image/jpeg")
    assert send(attachment=photo).context["form"].has_error("attachment", "too_large")
    assert not Ticket.objects.filter(subject="打印机卡纸").exists()


def test_a_wrong_thanks_link_goes_back_to_the_form():
    assert Client().get("/support/thanks/T2026112500001/")["Location"] == FORM


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"phone": "12"}, "phone", "invalid_phone"),
    ({"subject": ""}, "subject", "required"),
    ({"description": ""}, "description", "required"),
    ({"email": "not-an-email"}, "email", "invalid"),
    ({"kind": "refund"}, "kind", "invalid_choice"),
])
def test_missing_or_wrong_fields_are_shown_on_the_form(changes, field, code):
    response = send(**changes)
    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert not Ticket.objects.filter(channel=TicketChannel.WEB_FORM).exists()


def test_a_filled_honeypot_is_refused():
    response = send(**{HONEYPOT: "http://spam.example"})
    assert response.context["form"].has_error("__all__", "rejected")
    assert 'id="support-form-errors"' in response.content.decode()
    assert not Ticket.objects.filter(channel=TicketChannel.WEB_FORM).exists()


def test_a_form_sent_faster_than_a_person_can_type_is_refused():
    set_rule("service.web_form_min_seconds", 5)
    assert send(**{TOKEN: guard.form_token(time.time() - 2)}).context["form"].has_error("__all__", "too_fast")
    assert send(**{TOKEN: guard.form_token(time.time() - 6)}).status_code == 302


@pytest.mark.parametrize("token", ["", "forged", guard.form_token(time.time() - guard.FORM_MAX_AGE_SECONDS - 60)])
def test_a_missing_forged_or_stale_render_time_is_refused(token):
    assert send(**{TOKEN: token}).context["form"].has_error("__all__", "expired")


def test_too_many_links_are_refused():
    text = "详见 http://a.example 和 https://b.example 还有 www.c.example"
    response = send(description=text)
    assert response.context["form"].has_error("description", "too_many_links")
    set_rule("service.web_form_max_links", 3)
    assert send(description=text).status_code == 302


def test_submissions_per_ip_are_limited_with_a_429_page():
    set_rule("service.web_form_per_ip_per_hour", 2)
    assert send(subject="第一次").status_code == 302
    assert send(subject="第二次", phone="").status_code == 200  # invalid, but it counts
    throttled = send(subject="第三次")
    assert throttled.status_code == 429 and throttled["Retry-After"] == "3600"
    assert 'id="throttled"' in throttled.content.decode()
    assert send(subject="别的网络", ip="198.51.100.9").status_code == 302
    assert set(Ticket.objects.values_list("subject", flat=True)) >= {"第一次", "别的网络"}
    assert not Ticket.objects.filter(subject="第三次").exists()


def test_requests_per_phone_are_limited_across_addresses():
    set_rule("service.web_form_per_phone_per_day", 2)
    assert send(ip="192.0.2.1").status_code == 302
    assert send(ip="192.0.2.2").status_code == 302
    assert send(ip="192.0.2.3").status_code == 429
    assert send(ip="192.0.2.4", phone="13700000000").status_code == 302
    assert Ticket.objects.filter(phone="+8613912345678").count() == 2


def test_the_client_ip_trusts_only_the_configured_proxies():
    class Request:
        META = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}

    assert guard.client_ip(Request) == "10.0.0.1"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert guard.client_ip(Request) == "203.0.113.5"
    with override_settings(TRUSTED_PROXY_COUNT=3):
        assert guard.client_ip(Request) == "10.0.0.1"


def test_the_form_reads_in_english():
    response = Client().get(FORM, HTTP_ACCEPT_LANGUAGE="en")
    assert "How can we help?" in response.content.decode()


# -- the status page -------------------------------------------------------------------------------------------------


@pytest.fixture
def answered():
    """A ticket with a reply to the customer and an internal note."""
    ticket = make_ticket(subject="客户的机密主题", phone="13912345678", description="客户描述不应公开")
    agent = user("cs_manager")
    services.add_message(actor=agent, ticket=ticket, body="工程师明天上午上门更换搓纸轮。")
    services.add_message(actor=agent, ticket=ticket, body="内部备注：此客户曾投诉", kind=MessageKind.NOTE)
    return ticket


@pytest.mark.parametrize("phone", ["13912345678", "+86 139-1234-5678", "5678"])
def test_the_right_number_and_phone_show_status_and_replies(answered, phone):
    response = lookup(answered.number, phone)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["found"].number == answered.number
    assert 'id="status-result"' in html and "工程师明天上午上门更换搓纸轮。" in html
    assert "内部备注" not in html and "客户的机密主题" not in html and "客户描述不应公开" not in html


def test_the_number_may_be_typed_loosely(answered):
    day, sequence = answered.number[1:9], int(answered.number[9:])
    assert lookup(f"t{day}-{sequence}", "5678").context["found"] is not None
    assert normalize_number(f"#T{day}{sequence:05d}") == answered.number
    assert normalize_number("DROP TABLE") == ""


def test_a_wrong_pair_and_an_unknown_number_read_the_same(answered):
    wrong_phone = lookup(answered.number, "0000")
    unknown = lookup("T2099010100001", "5678")
    for response in (wrong_phone, unknown):
        assert response.status_code == 200 and response.context["not_found"] is True
        assert response.context["found"] is None and 'id="status-not-found"' in response.content.decode()
    def message(response):
        return response.content.decode().split('id="status-not-found"')[1].split("</div>")[0]

    assert message(wrong_phone) == message(unknown)


def test_a_ticket_without_a_phone_is_not_found_by_any_phone():
    assert not phone_matches("", "0000") and not phone_matches("13912345678", "")
    assert not phone_matches("13912345678", "12345")


def test_status_lookups_per_ip_are_limited(answered):
    set_rule("service.status_lookups_per_ip_per_hour", 3)
    for _attempt in range(3):
        assert lookup(answered.number, "0000", ip="198.51.100.1").status_code == 200
    assert lookup(answered.number, "5678", ip="198.51.100.1").status_code == 429


def test_failed_lookups_of_one_number_lock_it_for_everyone(answered):
    set_rule("service.status_failures_per_ticket_per_day", 2)
    for n in range(2):
        lookup(answered.number, f"000{n}", ip=f"198.51.100.{n + 10}")
    assert lookup(answered.number, "5678", ip="198.51.100.99").status_code == 429
    other = make_ticket(phone="13700001111")
    assert lookup(other.number, "1111", ip="198.51.100.99").context["found"] is not None


def test_the_status_is_told_in_customer_words(answered, settings):
    manager = user("cs_manager")
    services.assign_ticket(actor=manager, ticket=answered, assignee=manager)
    services.wait_for_customer(actor=manager, ticket=answered, reason="待客户提供照片")
    with english(settings):
        found = lookup(answered.number, "5678").context["found"]
    assert (found.label, found.tone) == ("Waiting for your reply", "yellow")
    assert Ticket.objects.get(pk=answered.pk).status == TicketStatus.WAITING_CUSTOMER


def test_no_reply_yet_says_what_happens_next():
    ticket = make_ticket(phone="13700002222")
    response = lookup(ticket.number, "2222")
    assert response.context["found"].replies == [] and 'id="status-no-replies"' in response.content.decode()


def test_the_desk_sees_a_web_form_ticket_with_its_email_history_and_file():
    send(attachment=SimpleUploadedFile("卡纸.jpg", b"\xff\xd8", content_type="image/jpeg"))
    ticket = Ticket.objects.get(subject="打印机卡纸")
    client = Client()
    client.force_login(user("cs_manager"))
    pages = {tab: client.get(f"/service/tickets/{ticket.pk}/?tab={tab}") for tab in ("details", "timeline", "files")}
    assert {tab: response.status_code for tab, response in pages.items()} == dict.fromkeys(pages, 200)
    assert 'id="ticket-email">liu@example.cn<' in pages["details"].content.decode()
    assert "卡纸.jpg" in pages["files"].content.decode()
