"""Raw emails as Chinese mail clients send them, built byte by byte so each encoding is exactly what we test."""

import base64
import itertools
import quopri

_ids = itertools.count(1)
GBK_ONLY = "喆堃"  # in GBK but not in GB2312: clients label such text GB2312 all the same
GB18030_FOUR_BYTE = "𠮷"  # encoded in four bytes, only GB18030 has it


def encoded_word(text: str, charset: str, encoding: str = "B", *, label: str = "") -> str:
    """An RFC 2047 word of `text` in `charset`, declared as `label` (default: the charset itself)."""
    data, label = text.encode(charset), (label or charset).upper()
    if encoding == "B":
        return f"=?{label}?B?{base64.b64encode(data).decode()}?="
    return f"=?{label}?Q?{quopri.encodestring(data, header=True).decode()}?="


def headers(*, subject: str, sender: str = "zhang.san@example.cn", message_id: str | None = None,
            extra: dict | None = None) -> list[str]:
    message_id = message_id or f"<sample-{next(_ids)}@mail.example.cn>"
    lines = [f"From: {sender}", "To: service@mc.example.com", f"Subject: {subject}",
             "Date: Wed, 25 Nov 2026 10:00:00 +0800", f"Message-ID: {message_id}", "MIME-Version: 1.0"]
    lines += [f"{name}: {value}" for name, value in (extra or {}).items()]
    return lines


def plain(*, subject: str, body: str, charset: str | None = "utf-8", transfer: str = "base64",
          body_charset: str | None = None, **options) -> bytes:
    """A single-part text mail; `charset=None` leaves the charset out (the body is still encoded in body_charset)."""
    data = body.encode(body_charset or charset or "utf-8")
    content_type = "text/plain" + (f'; charset="{charset}"' if charset else "")
    if transfer == "base64":
        payload = base64.encodebytes(data)
    elif transfer == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    head = [*headers(subject=subject, **options), f"Content-Type: {content_type}",
            f"Content-Transfer-Encoding: {transfer}"]
    return "\r\n".join(head).encode() + b"\r\n\r\n" + payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def html_only(*, subject: str, html: str, charset: str = "gb2312", **options) -> bytes:
    head = [*headers(subject=subject, **options), f'Content-Type: text/html; charset="{charset}"',
            "Content-Transfer-Encoding: base64"]
    return "\r\n".join(head).encode() + b"\r\n\r\n" + base64.encodebytes(html.encode("gb18030"))


def with_attachments(*, subject: str, body: str, files: list[tuple[str, str, bytes]], charset: str = "gbk",
                     **options) -> bytes:
    """multipart/mixed: a text part in `charset` and files given as (Content-Disposition filename part,
    content type, content)."""
    boundary = "----=_Part_0_12345"
    head = [*headers(subject=subject, **options), f'Content-Type: multipart/mixed; boundary="{boundary}"']
    parts = [f"--{boundary}\r\nContent-Type: text/plain; charset={charset}\r\n"
             f"Content-Transfer-Encoding: base64\r\n\r\n".encode() + base64.encodebytes(body.encode(charset))]
    for disposition_name, content_type, content in files:
        disposition = f"attachment; {disposition_name}" if disposition_name else "attachment"
        parts.append(f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Disposition: {disposition}\r\n"
                     f"Content-Transfer-Encoding: base64\r\n\r\n".encode() + base64.encodebytes(content))
    return ("\r\n".join(head).encode() + b"\r\n\r\n" + b"\r\n".join(parts)
            + f"\r\n--{boundary}--\r\n".encode())
