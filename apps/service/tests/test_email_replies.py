"""Replies by email: a customer-visible reply is mailed after commit with the ticket number in the subject and
threading headers; internal notes never are; the customer's answer to that mail finds the ticket again."""

import re

import pytest
from django.core import mail

from apps.customers import services as customer_services
from apps.service import services
from apps.service.choices import InboundMailOutcome, MessageKind
from apps.service.intake.email_in import process_mail
from apps.service.intake.email_out import recipient_for, send_reply_mail
from core.testing.helpers import api_as, user

from . import mail_samples as samples
from .factories import make_customer, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.SERVICE_MAIL = {**settings.SERVICE_MAIL, "ADDRESS": "service@mc.example.com",
                             "PUBLIC_URL": "https://mc.example.com"}


def reply(ticket, body="工程师明天上午上门。", kind=MessageKind.REPLY, actor="cs_agent"):
    return services.add_message(actor=user(actor), ticket=ticket, body=body, kind=kind)


def test_a_reply_is_mailed_to_the_customer_after_commit(django_capture_on_commit_callbacks):
    ticket = make_ticket(subject="打印机无法开机", phone="13500001111", email="kehu@example.cn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = reply(ticket)
    assert mail.outbox == [] and len(callbacks) == 1  # nothing leaves before the commit
    callbacks[0]()
    (sent,) = mail.outbox
    assert sent.to == ["kehu@example.cn"]
    assert sent.from_email == "service@mc.example.com" and sent.reply_to == ["service@mc.example.com"]
    assert sent.subject == f"[#{ticket.number}] 打印机无法开机"
    assert sent.extra_headers["Message-ID"] == f"<ticket.{ticket.number}.m{message.pk}@mc.example.com>"
    assert sent.extra_headers["In-Reply-To"] == f"<ticket.{ticket.number}@mc.example.com>"
    assert sent.body.startswith("工程师明天上午上门。")
    assert ticket.number in sent.body and "https://mc.example.com/support/status/" in sent.body
    assert "Message-ID" in sent.message() and sent.message()["Subject"]


def test_internal_notes_and_customer_messages_are_never_mailed(django_capture_on_commit_callbacks):
    ticket = make_ticket(phone="13500001111", email="kehu@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        reply(ticket, body="内部：客户脾气急", kind=MessageKind.NOTE)
        services.add_message(actor=None, ticket=ticket, body="客户来信", kind=MessageKind.CUSTOMER)
    assert mail.outbox == []


def test_a_ticket_without_an_address_sends_nothing(django_capture_on_commit_callbacks):
    ticket = make_ticket(phone="13500001111")
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(ticket)
    assert mail.outbox == [] and send_reply_mail.call(message.pk) is False


def test_the_address_is_the_tickets_then_the_contacts_then_the_customers():
    customer = make_customer(name="广州印刷厂", phone="13622223333", email="office@yinshua.cn")
    contact = customer_services.add_contact(actor=user("sales_rep"), customer=customer, name="陈八",
                                            phone="13622224444", email="chen.ba@yinshua.cn")
    assert recipient_for(make_ticket(customer=customer)) == "office@yinshua.cn"
    assert recipient_for(make_ticket(customer=customer, contact=contact)) == "chen.ba@yinshua.cn"
    assert recipient_for(make_ticket(customer=customer, contact=contact, email="boss@yinshua.cn")) == \
        "boss@yinshua.cn"


def test_a_reply_through_the_api_is_mailed_too(django_capture_on_commit_callbacks):
    ticket = make_ticket(phone="13500001111", email="kehu@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("cs_manager").post(f"/api/v1/tickets/{ticket.pk}/reply/", {"body": "已安排"},
                                             format="json")
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [["kehu@example.cn"]]


def test_mail_in_reply_out_and_the_customers_answer_stay_on_one_ticket(django_capture_on_commit_callbacks):
    first = process_mail(samples.plain(subject=samples.encoded_word("墨盒漏墨", "gbk"), body="墨盒漏墨弄脏纸张",
                                       charset="gbk", sender="liu@example.cn", message_id="<m1@example.cn>"))
    ticket = first.ticket
    with django_capture_on_commit_callbacks(execute=True):
        reply(ticket, body="请提供购买日期。", actor="cs_manager")
    (sent,) = mail.outbox
    assert sent.extra_headers["In-Reply-To"] == "<m1@example.cn>"
    assert sent.extra_headers["References"] == f"<ticket.{ticket.number}@mc.example.com> <m1@example.cn>"

    # the customer answers from their mail client: "Re:" + our subject, In-Reply-To our Message-ID
    answer = samples.plain(subject=f"Re: {sent.subject}", body="2026年10月购买。\n\n> 请提供购买日期。",
                           sender="liu@example.cn",
                           extra={"In-Reply-To": sent.extra_headers["Message-ID"],
                                  "References": sent.extra_headers["References"]})
    record = process_mail(answer)
    assert record.outcome == InboundMailOutcome.REPLIED and record.ticket == ticket
    assert list(ticket.messages.values_list("kind", "body")) == [
        (MessageKind.REPLY, "请提供购买日期。"), (MessageKind.CUSTOMER, "2026年10月购买。")]
    assert re.fullmatch(r"<ticket\.T\d{13}\.m\d+@mc\.example\.com>", sent.extra_headers["Message-ID"])


def test_a_subject_with_line_breaks_still_makes_one_header(django_capture_on_commit_callbacks):
    ticket = make_ticket(subject="第一行\n第二行", phone="13500001111", email="kehu@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        reply(ticket)
    assert mail.outbox[0].subject == f"[#{ticket.number}] 第一行 第二行"
