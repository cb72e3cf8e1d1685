"""Reading mail as Chinese clients send it: GB2312/GBK/GB18030 subjects and bodies, base64 and quoted-printable,
HTML-only mail, missing charsets, attachment names, ticket tags, threading headers and automatic mail."""

import base64

from apps.service.intake.email_parsing import (
    decode_bytes,
    header_text,
    html_to_text,
    parse_mail,
    strip_quoted,
    ticket_number_in,
)

from . import mail_samples as samples
from .mail_samples import GB18030_FOUR_BYTE, GBK_ONLY, encoded_word


def test_a_subject_labelled_gb2312_with_gbk_characters_reads_right():
    subject = f"打印机卡纸，联系人{GBK_ONLY}"
    raw_subject = f"=?GB2312?B?{base64.b64encode(subject.encode('gbk')).decode()}?="
    mail = parse_mail(samples.plain(subject=raw_subject, body="内容"))
    assert mail.subject == subject


def test_gbk_and_gb18030_subjects_in_base64_and_quoted_printable_words():
    gbk = encoded_word("复印机不能开机", "gbk", "Q")
    gb18030 = encoded_word(f"姓名带生僻字{GB18030_FOUR_BYTE}", "gb18030")
    assert parse_mail(samples.plain(subject=gbk, body="x")).subject == "复印机不能开机"
    assert parse_mail(samples.plain(subject=gb18030, body="x")).subject == f"姓名带生僻字{GB18030_FOUR_BYTE}"


def test_a_subject_mixing_encoded_words_and_plain_text():
    subject = f"{encoded_word('回复：', 'gb2312')} {encoded_word('墨盒漏墨', 'utf-8')} [#T2026112500012]"
    mail = parse_mail(samples.plain(subject=subject, body="x"))
    assert mail.subject == "回复：墨盒漏墨 [#T2026112500012]"
    assert mail.ticket_number == "T2026112500012"
    assert mail.clean_subject == "墨盒漏墨"


def test_a_raw_8bit_gbk_subject_without_encoded_words():
    raw = ("From: 李四 <li.si@example.cn>\r\nSubject: 传真机报修\r\nMessage-ID: <raw8@example.cn>\r\n"
           "Content-Type: text/plain\r\n\r\n机器显示错误代码E5").encode("gbk")
    mail = parse_mail(raw)
    assert mail.subject == "传真机报修"
    assert mail.from_name == "李四" and mail.from_address == "li.si@example.cn"
    assert mail.body == "机器显示错误代码E5"


def test_an_encoded_sender_name_and_a_folded_subject():
    sender = f"{encoded_word('张三', 'gbk')} <Zhang.San@Example.CN>"
    subject = f"{encoded_word('关于售后', 'gb2312')}\r\n {encoded_word('服务的投诉', 'gb2312')}"
    mail = parse_mail(samples.plain(subject=subject, body="x", sender=sender))
    assert mail.from_name == "张三"
    assert mail.from_address == "zhang.san@example.cn"
    assert mail.subject == "关于售后服务的投诉"


def test_bodies_in_base64_and_quoted_printable():
    gbk = parse_mail(samples.plain(subject="s", body="您好，设备卡纸。\n电话13812345678", charset="gbk"))
    assert gbk.body == "您好，设备卡纸。\r\n电话13812345678".replace("\r\n", "\n")
    assert gbk.phone == "13812345678"
    qp = parse_mail(samples.plain(subject="s", body="质量问题 — 详情见附件", charset="utf-8",
                                  transfer="quoted-printable"))
    assert qp.body == "质量问题 — 详情见附件"


def test_a_body_without_charset_falls_back_to_utf8_then_gb18030():
    utf8 = parse_mail(samples.plain(subject="s", body="没有字符集的邮件", charset=None, body_charset="utf-8",
                                    transfer="8bit"))
    gbk = parse_mail(samples.plain(subject="s", body=f"没有字符集的邮件{GBK_ONLY}", charset=None,
                                   body_charset="gbk", transfer="8bit"))
    assert utf8.body == "没有字符集的邮件"
    assert gbk.body == f"没有字符集的邮件{GBK_ONLY}"


def test_a_wrongly_declared_charset_is_survived():
    mail = parse_mail(samples.plain(subject="s", body="其实是GBK", charset="utf-8", body_charset="gbk"))
    assert mail.body == "其实是GBK"
    assert decode_bytes("中文".encode(), "no-such-charset") == "中文"
    assert decode_bytes(b"\xff\xfe\xfa", "utf-8")  # never raises


def test_an_html_only_mail_is_read_as_text():
    html = ("<html><head><title>t</title><style>p{color:red}</style></head><body>"
            "<p>您好：</p><div>打印机&nbsp;HC-D800&nbsp;无法开机，<br>已尝试重启。</div>"
            "<script>alert(1)</script><ul><li>型号：HC-D800</li><li>序列号：SN123</li></ul>"
            "<p>谢谢&amp;祝好</p></body></html>")
    mail = parse_mail(samples.html_only(subject="s", html=html))
    assert mail.body == ("您好：\n\n打印机 HC-D800 无法开机，\n已尝试重启。\n\n"
                         "- 型号：HC-D800\n- 序列号：SN123\n\n谢谢&祝好")
    assert "alert" not in mail.body and "color" not in mail.body
    assert html_to_text("") == ""


def test_attachments_with_encoded_names_and_without_names():
    gbk_name = encoded_word("故障照片.jpg", "gbk")
    files = [(f'filename="{gbk_name}"', "image/jpeg", b"\xff\xd8jpeg"),
             ("filename*=utf-8''%E5%8F%91%E7%A5%A8.pdf", "application/pdf", b"%PDF-1.4"),
             ("", "application/vnd.ms-excel", b"xls"),
             ('filename="../../etc/passwd"', "text/plain", b"root")]
    mail = parse_mail(samples.with_attachments(subject="s", body="见附件", files=files))
    assert mail.body == "见附件"
    assert [(a.name, a.content_type, a.content) for a in mail.attachments] == [
        ("故障照片.jpg", "image/jpeg", b"\xff\xd8jpeg"), ("发票.pdf", "application/pdf", b"%PDF-1.4"),
        ("attachment-3.xls", "application/vnd.ms-excel", b"xls"), ("passwd", "text/plain", b"root")]


def test_threading_headers_and_ticket_tags():
    extra = {"In-Reply-To": "<ticket.T2026112500012.m7@mc.example.com>",
             "References": "<ticket.T2026112500012@mc.example.com>\r\n <ticket.T2026112500012.m7@mc.example.com>"}
    mail = parse_mail(samples.plain(subject="Re: 答复：[#T20261125-0012] 进度？", body="x", extra=extra))
    assert mail.in_reply_to == ["<ticket.T2026112500012.m7@mc.example.com>"]
    assert mail.references == ["<ticket.T2026112500012@mc.example.com>", "<ticket.T2026112500012.m7@mc.example.com>"]
    assert mail.ticket_number == "T2026112500012"
    assert ticket_number_in("[# t2026112500003 ]") == "T2026112500003"
    assert ticket_number_in("no tag T2026112500003") == ""


def test_a_mail_without_message_id_gets_a_stable_one():
    raw = b"From: a@example.cn\r\nSubject: hi\r\n\r\nbody"
    assert parse_mail(raw).message_id == parse_mail(raw).message_id
    assert parse_mail(raw).message_id.endswith("@no-message-id>")
    assert parse_mail(raw + b"!").message_id != parse_mail(raw).message_id


def test_automatic_mail_is_recognised():
    auto = {"Auto-Submitted": "auto-replied"}
    assert parse_mail(samples.plain(subject="自动回复", body="x", extra=auto)).is_automatic
    assert parse_mail(samples.plain(subject="x", body="x", extra={"Precedence": "bulk"})).is_automatic
    assert parse_mail(samples.plain(subject="x", body="x", sender="MAILER-DAEMON@example.cn")).is_automatic
    assert not parse_mail(samples.plain(subject="x", body="x", extra={"Auto-Submitted": "no"})).is_automatic


def test_an_invalid_sender_address_is_dropped():
    assert parse_mail(samples.plain(subject="x", body="x", sender="not an address")).from_address == ""


def test_quoted_text_is_cut_from_replies():
    reply = "已经收到，谢谢。\n\n在 2026年11月25日 10:00，客服中心 写道：\n> 您好，工程师明天上门。"
    outlook = "好的\n\n-----原始邮件-----\n发件人: 客服中心\n主题: 进度"
    english = "Fine by me.\nOn Wed, 25 Nov 2026 at 10:00, Service <s@x.cn> wrote:\n> old"
    assert strip_quoted(reply) == "已经收到，谢谢。"
    assert strip_quoted(outlook) == "好的"
    assert strip_quoted(english) == "Fine by me."
    assert strip_quoted("> only quoted") == "> only quoted"


def test_header_text_of_nothing():
    assert header_text("") == ""
