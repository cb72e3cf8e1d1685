"""Mail to the service mailbox becomes work: a new ticket (channel email), or the customer's answer on the ticket
it belongs to — found by the [#T…] tag in the subject or by the thread headers — which resumes a ticket waiting on
the customer. Each Message-ID is remembered (InboundMail), so polling the same mail again changes nothing.

Only an address the ticket knows (the one it was opened from, its contact's or customer's, or one that wrote on it
before) may answer on a ticket; a stranger quoting a ticket number opens a new ticket that mentions it.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from apps.customers.selectors import service as customer_selectors
from core.phones import normalize_phone

from ..choices import InboundMailOutcome, MessageKind, TicketChannel, TicketKind, TicketStatus
from ..models import InboundMail, Ticket
from ..services import add_message, attach_file, create_ticket
from .email_out import service_address, ticket_number_in_ids
from .email_parsing import ParsedMail, parse_mail, strip_quoted

log = logging.getLogger(__name__)
ATTACHMENT_KIND = "email"
SUBJECT_LENGTH = 200


def process_mail(raw: bytes) -> InboundMail | None:
    """Turn one raw email into a ticket or a customer reply; None when this Message-ID was processed before."""
    try:
        mail = parse_mail(raw)
    except Exception as exc:  # an unreadable mail must not block the mailbox: keep it as failed
        log.exception("Could not read a mail of %d bytes", len(raw))
        mail = ParsedMail(message_id=f"<{hashlib.sha256(raw).hexdigest()[:40]}@unreadable>")
        record, created = InboundMail.objects.get_or_create(message_id=mail.message_id, defaults={
            "outcome": InboundMailOutcome.FAILED, "note": f"{type(exc).__name__}: {exc}"[:300]})
        return record if created else None
    if InboundMail.objects.filter(message_id=mail.message_id).exists():
        return None
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            try:
                with transaction.atomic():
                    record = InboundMail.objects.create(
                        message_id=mail.message_id, from_address=mail.from_address,
                        subject=mail.subject[:300], outcome=InboundMailOutcome.IGNORED)
            except IntegrityError:
                return None  # another poller took it
            _apply(mail, record)
            record.save()
            return record
    except Exception as exc:
        # Kept as failed (and logged) rather than retried on every poll; the mail stays in the mailbox.
        log.exception("Could not turn mail %s into a ticket", mail.message_id)
        record, _created = InboundMail.objects.get_or_create(message_id=mail.message_id, defaults={
            "from_address": mail.from_address, "subject": mail.subject[:300], "outcome": InboundMailOutcome.FAILED,
            "note": f"{type(exc).__name__}: {exc}"[:300]})
        return record


def _apply(mail: ParsedMail, record: InboundMail) -> None:
    ignored = _why_ignored(mail)
    if ignored:
        record.note = ignored
        return
    ticket = _thread_ticket(mail)
    mentioned = ""
    if ticket is not None and (ticket.status == TicketStatus.CLOSED or not _known_sender(ticket, mail.from_address)):
        ticket, mentioned = None, ticket.number  # a new ticket that mentions the old one
    if ticket is not None:
        body = strip_quoted(mail.body) or _("(No text; see the attachments.)")
        message = add_message(actor=None, ticket=ticket, body=body, kind=MessageKind.CUSTOMER)
        record.outcome, record.ticket, record.ticket_message = InboundMailOutcome.REPLIED, ticket, message
    else:
        ticket = _open_ticket(mail, mentioned)
        record.outcome, record.ticket = InboundMailOutcome.CREATED, ticket
    skipped = _save_attachments(ticket, mail)
    if skipped:
        record.note = (_("Attachments not saved: %(names)s") % {"names": ", ".join(skipped)})[:300]


def _why_ignored(mail: ParsedMail) -> str:
    if mail.is_automatic:
        return _("Automatic message (auto-reply, bounce or mailing list).")
    if not mail.from_address:
        return _("No valid sender address.")
    if mail.from_address == service_address().lower():
        return _("Sent by the service mailbox itself.")
    return ""


def _thread_ticket(mail: ParsedMail) -> Ticket | None:
    """The ticket the mail answers: the subject's tag, our own Message-ID it replies to, or an earlier mail of the
    same thread."""
    number = mail.ticket_number or ticket_number_in_ids(mail.thread_ids)
    if number:
        return Ticket.objects.select_related("contact", "customer").filter(number=number).first()
    if mail.thread_ids:
        earlier = (InboundMail.objects.filter(message_id__in=mail.thread_ids, ticket__isnull=False)
                   .select_related("ticket__contact", "ticket__customer").order_by("-processed_at").first())
        return earlier.ticket if earlier else None
    return None


def _known_sender(ticket: Ticket, address: str) -> bool:
    known = {ticket.email, ticket.contact.email if ticket.contact else "",
             ticket.customer.email if ticket.customer else ""}
    if address in {known_address.lower() for known_address in known if known_address}:
        return True
    return ticket.inbound_mails.filter(from_address__iexact=address).exists()


def _open_ticket(mail: ParsedMail, mentioned: str) -> Ticket:
    phone = _phone(mail.phone)
    customer, contact = customer_selectors.customer_for_intake(phone=phone, email=mail.from_address)
    description = mail.body
    if mentioned:
        description = _("Mentions ticket %(number)s.") % {"number": mentioned} + "\n\n" + description
    subject = mail.clean_subject or _("(No subject)")
    return create_ticket(actor=None, kind=TicketKind.INQUIRY, subject=subject[:SUBJECT_LENGTH], customer=customer,
                         contact=contact, phone=phone, channel=TicketChannel.EMAIL, caller_name=mail.from_name,
                         email=mail.from_address, description=description)


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except ValidationError:
        return ""


def _save_attachments(ticket: Ticket, mail: ParsedMail) -> list[str]:
    """Store the mail's files on the ticket; returns the names that could not be stored (too large)."""
    skipped = []
    for attachment in mail.attachments:
        try:
            attach_file(actor=None, ticket=ticket, upload=ContentFile(attachment.content, name=attachment.name),
                        kind=ATTACHMENT_KIND)
        except ValidationError:
            skipped.append(attachment.name)
    return skipped
