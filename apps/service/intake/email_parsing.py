"""Reading a raw email as the desk needs it: sender, subject, plain text, attachments and threading headers.

Pure functions, no ORM. Chinese mail arrives in every state: RFC 2047 subjects in GB2312/GBK/GB18030 (often
declared GB2312 while using GBK characters), raw 8-bit headers, base64 or quoted-printable bodies with or without
a charset, HTML-only bodies. Every piece of text is decoded through `decode_bytes`, which widens the GB charsets to
GB18030 (their superset) and falls back through UTF-8 and GB18030 before giving up with replacement characters.
"""

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header
from email.message import Message
from email.utils import parseaddr
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Declared charsets read as a wider, compatible one (GB2312 and GBK mail routinely holds GB18030 characters).
CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312-80": "gb18030",
    "euc-cn": "gb18030", "x-euc-cn": "gb18030", "hz-gb-2312": "hz", "ks_c_5601-1987": "cp949",
    "us-ascii": "utf-8", "ascii": "utf-8", "unknown-8bit": "", "x-unknown": "", "default": "",
}
FALLBACK_CHARSETS = ("utf-8", "gb18030")
NUMBER_TAG = re.compile(r"\[#\s*(T\d{8})-?(\d{1,6})\s*\]", re.IGNORECASE)
REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|回复|答复|回覆|转发|轉寄)\s*[:：]\s*)+", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MOBILE = re.compile(r"(?<![\d-])(1[3-9]\d(?:[ -]?\d){8})(?![\d-])")
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)
QUOTE_STARTS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^-{2,}\s*(original message|原始邮件|原始郵件|回复的原邮件)\s*-{2,}",
    r"^on .{1,200}wrote:$",
    r"^在\s?.{1,200}写道[:：]$",
    r"^(from|发件人|寄件者)\s*[:：]\s*\S",
    r"^_{10,}$",
)]


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    """One email as the desk reads it."""

    message_id: str
    from_name: str = ""
    from_address: str = ""
    subject: str = ""
    body: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[MailAttachment] = field(default_factory=list)
    is_automatic: bool = False

    @property
    def ticket_number(self) -> str:
        """The ticket number tagged in the subject ([#T2026112500012] or [#T20261125-0012]), or ''."""
        return ticket_number_in(self.subject)

    @property
    def clean_subject(self) -> str:
        """The subject without reply prefixes and ticket tags, for a new ticket."""
        return REPLY_PREFIX.sub("", NUMBER_TAG.sub("", self.subject)).strip()

    @property
    def thread_ids(self) -> list[str]:
        return [*self.in_reply_to, *self.references]

    @property
    def phone(self) -> str:
        """The first mobile number in the text (a signature often carries one), or ''."""
        found = MOBILE.search(self.body)
        return re.sub(r"\D", "", found.group(1)) if found else ""


def parse_mail(raw: bytes) -> ParsedMail:
    """Read a raw RFC 822 message."""
    message = message_from_bytes(raw)
    headers = {}
    for name, value in message.raw_items():
        headers.setdefault(name.lower(), value)
    message_id = next(iter(MESSAGE_ID.findall(headers.get("message-id", ""))), "")
    if not message_id:
        message_id = f"<{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id>"
    raw_name, address = parseaddr(_unfold(headers.get("from", "")))
    text, html, attachments = _walk(message)
    return ParsedMail(
        message_id=message_id[:300],
        from_name=_one_line(header_text(raw_name)).strip('"')[:60],
        from_address=_valid_address(address),
        subject=_one_line(header_text(headers.get("subject", ""))),
        body=text if text.strip() else html_to_text(html),
        in_reply_to=MESSAGE_ID.findall(headers.get("in-reply-to", "")),
        references=MESSAGE_ID.findall(headers.get("references", "")),
        attachments=attachments,
        is_automatic=_is_automatic(message, headers, address),
    )


def ticket_number_in(text: str) -> str:
    found = NUMBER_TAG.search(text or "")
    return f"{found.group(1).upper()}{int(found.group(2)):05d}" if found else ""


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes in a declared (maybe wrong or missing) charset as text."""
    declared = (charset or "").strip().strip('"').lower()
    candidates = [CHARSET_ALIASES.get(declared, declared)] if declared else []
    for candidate in [*candidates, *FALLBACK_CHARSETS]:
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def header_text(value: str) -> str:
    """A header as text: RFC 2047 encoded words in any charset, or raw 8-bit bytes."""
    if not value:
        return ""
    parts = []
    for chunk, charset in decode_header(_unfold(value)):
        if isinstance(chunk, str):  # no encoded words: raw 8-bit bytes arrive as surrogate escapes
            try:
                chunk = chunk.encode("ascii", "surrogateescape")
            except UnicodeEncodeError:  # already text (an RFC 2231 file name)
                parts.append(chunk)
                continue
        parts.append(decode_bytes(chunk, charset))
    return "".join(parts)


def html_to_text(html: str) -> str:
    """The readable text of an HTML body: blocks on their own lines, scripts and styles dropped."""
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [re.sub(r"[ \t\xa0\u3000]+", " ", line).strip() for line in "".join(extractor.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """A reply without the quoted mail below it (the client's "original message" block, "> " lines)."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if any(pattern.match(stripped) for pattern in QUOTE_STARTS):
            break
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip() or text.strip()


def _one_line(text: str) -> str:
    """Whitespace runs (an encoded word may even hide a line break) as single spaces: safe in headers again."""
    return " ".join(text.split())


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value or "")


def _valid_address(address: str) -> str:
    address = (address or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _is_automatic(message: Message, headers: dict, address: str) -> bool:
    """Auto-replies, bounces and list mail must not open tickets (nor loop with our own replies)."""
    auto_submitted = headers.get("auto-submitted", "no").strip().lower()
    precedence = headers.get("precedence", "").strip().lower()
    return (auto_submitted != "no" or precedence in AUTOMATIC_PRECEDENCE or "x-autoreply" in headers
            or "x-autorespond" in headers or message.get_content_type() == "multipart/report"
            or bool(AUTOMATIC_SENDERS.match(address or "")))


def _walk(message: Message) -> tuple[str, str, list[MailAttachment]]:
    text, html, attachments = "", "", []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        content_type = part.get_content_type()
        filename = header_text(part.get_filename() or "")
        disposition = part.get_content_disposition()
        payload = part.get_payload(decode=True) or b""
        if filename or disposition == "attachment" or part.get_content_maintype() not in {"text"}:
            if payload:
                attachments.append(MailAttachment(_file_name(filename, content_type, len(attachments) + 1),
                                                  content_type, payload))
        elif content_type == "text/plain" and not text:
            text = decode_bytes(payload, part.get_content_charset())
        elif content_type == "text/html" and not html:
            html = decode_bytes(payload, part.get_content_charset())
    return text.replace("\r\n", "\n").strip(), html, attachments


def _file_name(name: str, content_type: str, position: int) -> str:
    """A safe base name for a stored attachment (no directories), invented when the mail gives none."""
    name = re.sub(r"[\x00-\x1f/\\]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    if not name:
        name = f"attachment-{position}{mimetypes.guess_extension(content_type) or '.bin'}"
    return name[-200:]


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "table", "ul", "ol", "blockquote", "pre", "section", "article",
              "header", "footer", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
    HIDDEN = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS and tag != "li":  # the next item starts its own line
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))
