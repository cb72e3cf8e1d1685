"""Email intake: new mail opens a ticket (channel email), a reply lands on its ticket (by the subject's tag or the
thread headers) and resumes it, files become attachments, each Message-ID is processed once — read over IMAP from
an in-process fake server."""

import imaplib
import ssl
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from apps.customers import services as customer_services
from apps.service import services
from apps.service.choices import InboundMailOutcome, MessageKind, TicketChannel, TicketStatus
from apps.service.intake import email_in, email_poll
from apps.service.intake.email_in import process_mail
from apps.service.intake.email_poll import Mailbox, poll_mailbox
from apps.service.models import InboundMail, Ticket
from apps.service.tasks import SCHEDULES, poll_service_mailbox
from core.testing.helpers import user

from . import mail_samples as samples
from .factories import make_customer, make_ticket
from .imap_server import FakeImapServer
from .mail_samples import GBK_ONLY, encoded_word

pytestmark = pytest.mark.django_db


@pytest.fixture
def imap():
    with FakeImapServer(user="desk@mc.example.com", password='pa"ss word') as server:
        yield server


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_mail(**options) -> bytes:
    options.setdefault("subject", encoded_word("激光打印机无法开机", "gb2312"))
    options.setdefault("body", "您好，我们公司的HC-D800今天早上无法开机，联系电话13911112222。")
    return samples.plain(charset="gbk", **options)


def test_a_new_mail_opens_an_email_ticket_for_an_unknown_sender():
    record = process_mail(new_mail(sender=f"{encoded_word('王五', 'gbk')} <wang.wu@example.cn>"))
    assert record.outcome == InboundMailOutcome.CREATED
    ticket = record.ticket
    assert ticket.channel == TicketChannel.EMAIL and ticket.kind == "inquiry"
    assert ticket.subject == "激光打印机无法开机"
    assert ticket.description.startswith("您好，我们公司的HC-D800")
    assert (ticket.email, ticket.caller_name, ticket.phone) == ("wang.wu@example.cn", "王五", "+8613911112222")
    assert ticket.customer is None and ticket.created_by is None
    assert ticket.status in {TicketStatus.NEW, TicketStatus.ASSIGNED} and ticket.resolution_due is not None


def test_a_sender_without_a_phone_still_gets_a_ticket():
    record = process_mail(samples.plain(subject="Question", body="How much is the toner?", sender="a@example.org"))
    assert record.ticket.phone == "" and record.ticket.email == "a@example.org"


def test_the_customer_is_matched_by_a_contact_email():
    customer = make_customer(name="北京彩印广告有限公司")
    contact = customer_services.add_contact(actor=user("sales_rep"), customer=customer, name="赵六",
                                            phone="13700001111", email="zhao.liu@caiyin.cn")
    record = process_mail(new_mail(sender="Zhao.Liu@CaiYin.cn", body="设备报错"))
    assert (record.ticket.customer, record.ticket.contact) == (customer, contact)
    assert record.ticket.customer_grade == customer.grade


def test_the_customer_is_matched_by_the_phone_in_the_signature():
    customer = make_customer(name="上海印务有限公司", phone="13866667777")
    record = process_mail(new_mail(sender="someone@example.cn", body="卡纸\n--\n孙七 138-6666-7777"))
    assert record.ticket.customer == customer


def test_an_ambiguous_email_links_no_customer():
    for name in ("甲公司", "乙公司"):
        make_customer(name=name, email="shared@example.cn")
    assert process_mail(new_mail(sender="shared@example.cn")).ticket.customer is None


def test_attachments_are_saved_on_the_ticket():
    files = [(f'filename="{encoded_word("故障照片.jpg", "gbk")}"', "image/jpeg", b"\xff\xd8photo"),
             ("", "application/pdf", b"%PDF-1.4 invoice")]
    record = process_mail(samples.with_attachments(subject=encoded_word("复印机报修", "gb18030"), body="见附件",
                                                   files=files))
    attachments = list(record.ticket.attachments.order_by("id"))
    assert [(a.name, a.size, a.kind) for a in attachments] == [("故障照片.jpg", 7, "email"),
                                                               ("attachment-2.pdf", 16, "email")]
    with default_storage.open(attachments[0].file.name) as stored:
        assert stored.read() == b"\xff\xd8photo"


def test_a_too_large_attachment_is_noted_not_saved(monkeypatch):
    monkeypatch.setattr("apps.service.services.tickets.MAX_ATTACHMENT_BYTES", 5)
    record = process_mail(samples.with_attachments(subject="s", body="b", files=[
        ('filename="big.bin"', "application/octet-stream", b"0123456789")]))
    assert record.ticket.attachments.count() == 0
    assert "big.bin" in record.note


def test_a_reply_with_the_ticket_tag_lands_on_the_ticket_and_resumes_it():
    ticket = process_mail(new_mail(sender="wang.wu@example.cn")).ticket
    agent = user("cs_agent")
    services.assign_ticket(actor=user("cs_manager"), ticket=ticket, assignee=agent)
    services.wait_for_customer(actor=agent, ticket=ticket, reason="等客户提供序列号")
    reply = samples.plain(subject=f"{encoded_word('回复：', 'gbk')}[#{ticket.number}] 激光打印机无法开机",
                          body="序列号是SN-20261125。\n\n-----原始邮件-----\n发件人: 客服中心\n请提供序列号",
                          charset="gbk", sender="Wang.Wu@example.cn")
    record = process_mail(reply)
    ticket.refresh_from_db()
    assert record.outcome == InboundMailOutcome.REPLIED and record.ticket == ticket
    assert record.ticket_message.kind == MessageKind.CUSTOMER
    assert record.ticket_message.body == "序列号是SN-20261125。"
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert Ticket.objects.filter(email="wang.wu@example.cn").count() == 1


def test_a_reply_to_our_mail_is_threaded_by_its_headers():
    ticket = make_ticket(phone="13500001111", email="kehu@example.cn")
    extra = {"In-Reply-To": f"<ticket.{ticket.number}.m1@mc.example.com>"}
    record = process_mail(samples.plain(subject="Re: 您的问题", body="好的，谢谢", sender="kehu@example.cn",
                                        extra=extra))
    assert record.outcome == InboundMailOutcome.REPLIED and record.ticket == ticket


def test_a_follow_up_in_the_customers_own_thread_finds_the_ticket():
    first = process_mail(new_mail(sender="wang.wu@example.cn", message_id="<first@example.cn>"))
    again = process_mail(samples.plain(subject="补充", body="补充一张照片", sender="wang.wu@example.cn",
                                       extra={"References": "<first@example.cn>"}))
    assert again.outcome == InboundMailOutcome.REPLIED and again.ticket == first.ticket


def test_a_stranger_quoting_a_ticket_number_opens_a_new_ticket():
    ticket = make_ticket(phone="13500001111", email="kehu@example.cn")
    record = process_mail(samples.plain(subject=f"[#{ticket.number}] hello", body="spam", sender="x@evil.example"))
    assert record.outcome == InboundMailOutcome.CREATED and record.ticket != ticket
    assert ticket.number in record.ticket.description
    assert not ticket.messages.exists()


def test_a_reply_to_a_closed_ticket_opens_a_new_one():
    ticket = make_ticket(phone="13500001111", email="kehu@example.cn")
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CLOSED)
    record = process_mail(samples.plain(subject=f"Re: [#{ticket.number}]", body="又坏了", sender="kehu@example.cn"))
    assert record.outcome == InboundMailOutcome.CREATED and ticket.number in record.ticket.description


def test_the_same_message_is_processed_once():
    raw = new_mail(message_id="<once@example.cn>")
    assert process_mail(raw).outcome == InboundMailOutcome.CREATED
    assert process_mail(raw) is None
    assert Ticket.objects.filter(email="zhang.san@example.cn").count() == 1


def test_automatic_mail_and_our_own_mail_are_ignored(settings):
    settings.SERVICE_MAIL = {**settings.SERVICE_MAIL, "ADDRESS": "service@mc.example.com"}
    auto = process_mail(new_mail(extra={"Auto-Submitted": "auto-replied"}))
    own = process_mail(new_mail(sender="Service@mc.example.com"))
    assert (auto.outcome, own.outcome) == (InboundMailOutcome.IGNORED, InboundMailOutcome.IGNORED)
    assert auto.ticket is None and auto.note and own.note
    assert not Ticket.objects.filter(channel=TicketChannel.EMAIL).exists()


def test_a_mail_that_cannot_be_processed_is_kept_as_failed(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("routing exploded")

    monkeypatch.setattr(email_in, "create_ticket", broken)
    record = process_mail(new_mail(message_id="<broken@example.cn>"))
    assert record.outcome == InboundMailOutcome.FAILED and "routing exploded" in record.note
    assert process_mail(new_mail(message_id="<broken@example.cn>")) is None
    assert not Ticket.objects.filter(channel=TicketChannel.EMAIL).exists()


# -- over IMAP ------------------------------------------------------------------------------------------------


def test_polling_turns_unseen_mail_into_tickets_and_flags_it_seen(imap):
    gbk_labelled_gb2312 = encoded_word(f"投诉：工程师迟到{GBK_ONLY}", "gbk", label="gb2312")
    imap.deliver(new_mail(subject=gbk_labelled_gb2312, sender="a@example.cn"))
    imap.deliver(samples.html_only(subject=encoded_word("网页邮件", "gb18030"), html="<p>只有<b>HTML</b></p>",
                                   sender="b@example.cn"))
    counts = poll_mailbox(imap.mailbox())
    assert counts == {"created": 2}
    assert imap.unseen() == 0
    assert imap.commands == ["CAPABILITY", "LOGIN", "SELECT", "SEARCH", "FETCH", "STORE", "FETCH", "STORE",
                             "LOGOUT"]
    subjects = set(Ticket.objects.filter(channel=TicketChannel.EMAIL).values_list("subject", "description"))
    body = "您好，我们公司的HC-D800今天早上无法开机，联系电话13911112222。"
    assert subjects == {(f"投诉：工程师迟到{GBK_ONLY}", body), ("网页邮件", "只有HTML")}


def test_a_second_poll_of_the_same_mail_creates_nothing(imap):
    imap.deliver(new_mail(sender="a@example.cn"))
    assert poll_mailbox(imap.mailbox()) == {"created": 1}
    assert poll_mailbox(imap.mailbox()) == {}
    imap.mark_all_unseen()  # e.g. flagging failed, or another client marked it unread
    assert poll_mailbox(imap.mailbox()) == {"duplicate": 1}
    assert Ticket.objects.filter(channel=TicketChannel.EMAIL).count() == 1
    assert InboundMail.objects.count() == 1


def test_a_poll_takes_a_bounded_batch(imap):
    for n in range(3):
        imap.deliver(new_mail(sender=f"c{n}@example.cn"))
    assert poll_mailbox(imap.mailbox(), limit=2) == {"created": 2}
    assert imap.unseen() == 1


def test_a_wrong_password_fails_loudly_and_changes_nothing(imap):
    imap.deliver(new_mail())
    with pytest.raises(imaplib.IMAP4.error):
        poll_mailbox(imap.mailbox(password="wrong"))
    assert imap.unseen() == 1 and not InboundMail.objects.exists()


CERTIFICATE = Path(__file__).with_name("imap_test_cert.pem")  # self-signed for localhost / 127.0.0.1, test use only


@pytest.fixture
def imaps():
    """The fake server speaking IMAP over TLS (as on port 993) with a self-signed certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERTIFICATE, CERTIFICATE.with_name("imap_test_key.pem"))
    with FakeImapServer(user="desk@mc.example.com", password="secret", tls=context) as server:
        yield server


def test_polling_over_tls_checks_the_certificate_and_reads_the_mail(imaps, monkeypatch):
    trusting_our_certificate = ssl.create_default_context(cafile=str(CERTIFICATE))
    monkeypatch.setattr(email_poll.ssl, "create_default_context", lambda: trusting_our_certificate)
    imaps.deliver(new_mail(sender="a@example.cn"))
    assert poll_mailbox(imaps.mailbox()) == {"created": 1}
    assert imaps.unseen() == 0 and Ticket.objects.filter(channel=TicketChannel.EMAIL).count() == 1


def test_a_server_whose_certificate_is_not_trusted_is_refused_before_the_password_is_sent(imaps):
    imaps.deliver(new_mail())
    with pytest.raises(ssl.SSLCertVerificationError):
        poll_mailbox(imaps.mailbox())
    assert imaps.commands == [] and imaps.unseen() == 1 and not InboundMail.objects.exists()


def test_polling_is_off_without_a_host_and_scheduled_every_two_minutes(settings):
    assert not Mailbox.from_settings().enabled
    assert poll_service_mailbox.call() == {}
    schedule = {s.name: s for s in SCHEDULES}["service.poll_mailbox"]
    assert schedule.task is poll_service_mailbox and schedule.every.total_seconds() == 120


def test_the_task_reads_the_mailbox_from_settings(settings, imap):
    settings.SERVICE_MAIL = {**settings.SERVICE_MAIL, "IMAP_HOST": "127.0.0.1", "IMAP_PORT": imap.port,
                             "IMAP_USER": imap.user, "IMAP_PASSWORD": imap.password, "IMAP_SSL": False}
    imap.deliver(new_mail(sender="d@example.cn"))
    assert poll_service_mailbox.call() == {"created": 1}


def test_an_unreadable_mail_is_kept_as_failed_and_not_retried(monkeypatch):
    def unreadable(raw):
        raise ValueError("garbled")

    monkeypatch.setattr(email_in, "parse_mail", unreadable)
    record = process_mail(b"\x00garbage")
    assert record.outcome == InboundMailOutcome.FAILED and "garbled" in record.note
    assert process_mail(b"\x00garbage") is None


def test_a_line_break_hidden_in_an_encoded_subject_is_flattened(django_capture_on_commit_callbacks):
    record = process_mail(new_mail(subject=encoded_word("第一行\r\nBcc: victim@example.cn", "utf-8"),
                                   sender="kehu@example.cn"))
    assert record.ticket.subject == "第一行 Bcc: victim@example.cn"
