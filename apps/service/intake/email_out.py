"""Replies to the customer by email: a customer-visible reply on a ticket with an address is mailed after commit.

The subject carries the ticket number ([#T2026112500012]) and the headers thread the conversation: every reply
has a Message-ID of ours (<ticket.T2026112500012.m42@domain>) and answers the customer's last mail (In-Reply-To,
References), so the customer's mail client threads it and their answer finds its ticket again (email_in.py).
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.tasks import retrying_task

from ..choices import InboundMailOutcome, MessageKind
from ..models import Ticket, TicketMessage

OUR_MESSAGE_ID = re.compile(r"^<ticket\.(T\d{13})(?:\.m\d+)?@", re.IGNORECASE)
MAX_REFERENCES = 10


def service_address() -> str:
    """The service mailbox: From and Reply-To of our replies, where customers write."""
    return settings.SERVICE_MAIL["ADDRESS"] or settings.DEFAULT_FROM_EMAIL


def mail_domain() -> str:
    return service_address().rpartition("@")[2].strip(">") or "localhost"


def thread_root_id(ticket: Ticket) -> str:
    return f"<ticket.{ticket.number}@{mail_domain()}>"


def reply_message_id(message: TicketMessage) -> str:
    return f"<ticket.{message.ticket.number}.m{message.pk}@{mail_domain()}>"


def ticket_number_in_ids(message_ids: list[str]) -> str:
    """The ticket number of the first of our own Message-IDs among `message_ids`, or ''."""
    for message_id in message_ids:
        found = OUR_MESSAGE_ID.match(message_id)
        if found:
            return found.group(1).upper()
    return ""


def recipient_for(ticket: Ticket) -> str:
    """Where the customer reads mail: the address they wrote from, else their contact's or company's."""
    for address in (ticket.email, ticket.contact.email if ticket.contact else "",
                    ticket.customer.email if ticket.customer else ""):
        if address:
            return address
    return ""


def queue_reply_mail(message: TicketMessage) -> None:
    """Mail a reply to the customer once the transaction commits (internal notes never leave the house)."""
    if message.kind == MessageKind.REPLY:
        transaction.on_commit(lambda: send_reply_mail.enqueue(message.pk))


@retrying_task(max_attempts=3, backoff_seconds=120)
def send_reply_mail(message_pk: int) -> bool:
    """Send one reply; False when the ticket has no address to send to."""
    message = TicketMessage.objects.select_related("ticket__contact", "ticket__customer").get(pk=message_pk)
    ticket = message.ticket
    recipient = recipient_for(ticket)
    if not recipient or message.kind != MessageKind.REPLY:
        return False
    customer_mails = list(ticket.inbound_mails.filter(
        outcome__in=[InboundMailOutcome.CREATED, InboundMailOutcome.REPLIED]).order_by("processed_at", "id")
        .values_list("message_id", flat=True))
    root = thread_root_id(ticket)
    references = [root, *customer_mails[-MAX_REFERENCES:]]
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[#{ticket.number}] {' '.join(ticket.subject.split())}"
        body = render_to_string("service/public/email/reply.txt", {
            "ticket": ticket, "message": message, "status_url": _status_url()})
    EmailMessage(
        subject=subject, body=body, from_email=service_address(), to=[recipient], reply_to=[service_address()],
        headers={"Message-ID": reply_message_id(message), "In-Reply-To": references[-1],
                 "References": " ".join(references)},
    ).send()
    return True


def _status_url() -> str:
    base = settings.SERVICE_MAIL.get("PUBLIC_URL", "").rstrip("/")
    return f"{base}{reverse('support:status')}" if base else ""
