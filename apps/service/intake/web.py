"""The public support pages' writer and reader: a request from the web form becomes a ticket; a ticket number with
the caller's phone shows its status and the replies meant for the customer — nothing else."""

import hmac
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import pgettext_lazy

from apps.customers.selectors import lookup_digits
from apps.customers.selectors import service as customer_selectors

from ..choices import MessageKind, TicketChannel, TicketStatus
from ..models import Ticket
from ..services import attach_file, create_ticket

ATTACHMENT_KIND = "web_form"
NUMBER = re.compile(r"^#?\s*(T\d{8})-?(\d{1,6})$", re.IGNORECASE)
# What a customer reads for each status: internal routing and waiting on a department are the desk's business.
RECEIVED, HANDLING, WAITING, RESOLVED, CLOSED = (
    (pgettext_lazy("status told to the customer", "Received"), "secondary"),
    (pgettext_lazy("status told to the customer", "Being handled"), "blue"),
    (pgettext_lazy("status told to the customer", "Waiting for your reply"), "yellow"),
    (pgettext_lazy("status told to the customer", "Resolved"), "green"),
    (pgettext_lazy("status told to the customer", "Closed"), "green"))
PUBLIC_STATUS = {
    TicketStatus.NEW: RECEIVED, TicketStatus.ASSIGNED: RECEIVED, TicketStatus.IN_PROGRESS: HANDLING,
    TicketStatus.WAITING_DEPARTMENT: HANDLING, TicketStatus.REOPENED: HANDLING,
    TicketStatus.WAITING_CUSTOMER: WAITING, TicketStatus.RESOLVED: RESOLVED, TicketStatus.RETURN_VISIT: RESOLVED,
    TicketStatus.CLOSED: CLOSED,
}


@dataclass(frozen=True)
class PublicReply:
    written_at: object
    body: str


@dataclass(frozen=True)
class PublicStatus:
    """What the status page may show of a ticket."""

    number: str
    label: str
    tone: str
    replies: list[PublicReply]


@transaction.atomic
def submit_support_request(*, kind: str, caller_name: str, phone: str, subject: str, description: str,
                           email: str = "", product: str = "", model_no: str = "", serial_no: str = "",
                           attachment=None) -> Ticket:
    """Log a request from the public web form; the customer is matched by phone (or email) when the archive knows
    them. There is no acting user: the ticket's history shows the system."""
    customer, contact = customer_selectors.customer_for_intake(phone=phone, email=email)
    ticket = create_ticket(actor=None, kind=kind, subject=subject, customer=customer, contact=contact, phone=phone,
                           channel=TicketChannel.WEB_FORM, caller_name=caller_name, email=email,
                           description=description, product=product, model_no=model_no, serial_no=serial_no)
    if attachment:
        attach_file(actor=None, ticket=ticket, upload=attachment, kind=ATTACHMENT_KIND)
    return ticket


def normalize_number(raw: str) -> str:
    """'t20261125-12', '#T2026112500012' → 'T2026112500012'; '' for anything else."""
    found = NUMBER.match((raw or "").strip())
    return f"{found.group(1).upper()}{int(found.group(2)):05d}" if found else ""


def phone_matches(ticket_digits: str, given: str) -> bool:
    """The full number, or its last four digits, as the customer types it."""
    digits = re.sub(r"\D", "", given or "")
    if not ticket_digits or not digits:
        return False
    if len(digits) == 4:
        return hmac.compare_digest(ticket_digits[-4:], digits)
    return hmac.compare_digest(ticket_digits, lookup_digits(given) or digits)


def find_public_status(*, number: str, phone: str) -> PublicStatus | None:
    """The status of the ticket with this number and phone; None for any mismatch (one answer: no enumeration)."""
    ticket = Ticket.objects.filter(number=number).only("pk", "number", "status", "phone_digits").first()
    if ticket is None or not phone_matches(ticket.phone_digits, phone):
        return None
    label, tone = PUBLIC_STATUS[ticket.status]
    replies = [PublicReply(written_at, body) for written_at, body in
               ticket.messages.filter(kind=MessageKind.REPLY).order_by("created_at", "id")
               .values_list("created_at", "body")]
    return PublicStatus(number=ticket.number, label=str(label), tone=tone, replies=replies)
