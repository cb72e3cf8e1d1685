"""Polling the service mailbox over IMAP (settings.SERVICE_MAIL, from the environment): every unseen message is
fetched, turned into a ticket or a reply (email_in.py), then flagged \\Seen. A message is flagged only after its
ticket is committed; should flagging fail, the next poll fetches it again and its Message-ID makes it a no-op."""

import imaplib
import logging
import ssl
from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from .email_in import process_mail

log = logging.getLogger(__name__)
BATCH = 50  # messages per poll, so one run stays short; the rest wait for the next run
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Mailbox:
    """Where the service mailbox is and how to log in."""

    host: str
    port: int
    user: str
    password: str
    use_ssl: bool = True
    folder: str = "INBOX"

    @classmethod
    def from_settings(cls) -> "Mailbox":
        config = settings.SERVICE_MAIL
        return cls(host=config["IMAP_HOST"], port=config["IMAP_PORT"], user=config["IMAP_USER"],
                   password=config["IMAP_PASSWORD"], use_ssl=config["IMAP_SSL"], folder=config["IMAP_FOLDER"])

    @property
    def enabled(self) -> bool:
        return bool(self.host)


def poll_mailbox(mailbox: Mailbox | None = None, *, limit: int = BATCH) -> dict[str, int]:
    """Process the unseen mail; returns counts by outcome ('duplicate' for mail seen before). Off without a host."""
    mailbox = mailbox or Mailbox.from_settings()
    if not mailbox.enabled:
        return {}
    counts: Counter[str] = Counter()
    client = _connect(mailbox)
    try:
        _ok(client.login(mailbox.user, mailbox.password))
        _ok(client.select(_quoted(mailbox.folder)))
        numbers = _ok(client.search(None, "UNSEEN"))[0].split()
        for number in numbers[:limit]:
            raw = _message_bytes(_ok(client.fetch(number, "(RFC822)")))
            if raw is None:
                continue
            record = process_mail(raw)
            counts[record.outcome if record is not None else "duplicate"] += 1
            _ok(client.store(number, "+FLAGS", "\\Seen"))
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            log.warning("IMAP logout from %s failed", mailbox.host)
    return dict(counts)


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.use_ssl:
        return imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(),
                                 timeout=TIMEOUT_SECONDS)
    return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)


def _ok(answer):
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP answered {status}: {data!r}")
    return data


def _quoted(folder: str) -> str:
    return f'"{folder}"' if " " in folder and not folder.startswith('"') else folder


def _message_bytes(data) -> bytes | None:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None
