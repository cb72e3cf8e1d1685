"""Writers of tickets: logging a call or message, editing, linking the caller, the conversation, files."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.customers.selectors import service as customer_selectors
from core.models import Attachment
from core.numbering import next_in_series
from core.phones import national_digits, normalize_phone

from ..choices import ComplaintType, EventKind, MessageKind, TicketKind, TicketStatus
from ..intake.email_out import queue_reply_mail
from ..models import Ticket, TicketMessage
from . import major, routing
from . import sla as sla_service
from .common import lock, record, touch
from .lifecycle import MOVE_FIELDS, move
from .territory import check_serial_on_commit

DETAIL_FIELDS = {
    "complaint_type", "complaint_subtype", "channel", "priority", "description", "category", "product", "model_no",
    "serial_no", "purchase_date", "fault", "caller_name", "churn_risk", "media_threat", "batch_quality_issue",
    "department", "contact", "email",
}
EDIT_FIELDS = DETAIL_FIELDS | {"kind", "subject", "region", "facts", "next_reply_at", "reply_to_customer", "cause",
                               "handling", "result"}
# A change of one of these may show a repaired serial number outside its partner's territory (窜货).
LOCATING = {"kind", "serial_no", "region"}
# A change of one of these may change the major flag, the SLA policy and so the deadlines.
CLASSIFYING = {"kind", "complaint_type", "priority", "category", "churn_risk", "media_threat", "batch_quality_issue"}
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def next_number(now: dt.datetime) -> str:
    """T + local date + 5-digit daily sequence, e.g. T2026112500012 (core's daily counters)."""
    day = timezone.localdate(now)
    return f"T{day:%Y%m%d}{next_in_series('T', day):05d}"


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc


def _attach_customer(ticket: Ticket, customer, actor) -> None:
    """Link the caller: the given customer, else the one customer in scope with this phone; snapshot its facts."""
    if customer is None and ticket.phone:
        matches = list(customer_selectors.customers_with_phone(actor, ticket.phone)[:2])
        customer = matches[0] if len(matches) == 1 else None
    ticket.customer = customer
    if customer is None:
        return
    ticket.customer_grade = customer.grade
    ticket.region_id = ticket.region_id or customer.region_id
    if ticket.contact_id is None and ticket.phone:
        ticket.contact = customer_selectors.contact_with_phone(customer, ticket.phone)


def _check_kind(ticket: Ticket) -> None:
    if ticket.kind != TicketKind.COMPLAINT:
        ticket.complaint_type = ticket.complaint_subtype = ""
    elif ticket.complaint_type != ComplaintType.COMMUNICATION:
        ticket.complaint_subtype = ""
    if ticket.contact_id is not None and ticket.contact.customer_id != ticket.customer_id:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    if not ticket.subject.strip():
        raise ValidationError({"subject": _("Give the ticket a subject.")})


@transaction.atomic
def create_ticket(*, actor, kind: str, subject: str, customer=None, phone: str = "",
                  received_at: dt.datetime | None = None, is_major: bool = False, assign_to_me: bool = False,
                  tags=(), watchers=(), **details) -> Ticket:
    """Log a request: number it, link the caller, apply the major rules, route it, start its SLA clocks."""
    unknown = set(details) - DETAIL_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"received_at": _("The contact cannot be in the future.")})
    if customer is None and not phone.strip() and not details.get("email"):
        raise ValidationError({"phone": _("Give the caller's phone or choose a customer.")})
    ticket = Ticket(kind=kind, subject=subject.strip(), received_at=received_at, sla_started_at=received_at,
                    phone=_phone(phone), created_by=actor, updated_by=actor, **details)
    ticket.phone_digits = national_digits(ticket.phone)
    _attach_customer(ticket, customer, actor)
    _check_kind(ticket)
    ticket.full_clean(exclude=["number", "customer", "contact", "region", "department", "team", "assignee",
                               "category", "routing_rule", "sla_policy", "created_by", "updated_by"])
    major.apply_major_rules(ticket, set_by_hand=is_major)
    rule = routing.route(ticket)
    ticket.number = next_number(now)
    sla_service.apply_sla(ticket, now=now)
    ticket.save()
    ticket.tags.set(tags)
    ticket.watchers.set(watchers)
    record(ticket, EventKind.CREATED, actor=actor, to_status=TicketStatus.NEW,
           routing_rule=rule.pk if rule else None)
    assignee = actor if assign_to_me else routing.pick_agent(ticket.team, rule.assignment if rule else "")
    if assignee is not None:
        routing.give(ticket, assignee, actor=actor, reason=rule.name if rule and not assign_to_me else "")
        ticket.save(update_fields=["assignee", *MOVE_FIELDS])
    if ticket.is_major:
        major.report_major(ticket, actor=actor)
    check_serial_on_commit(ticket)
    return ticket


@transaction.atomic
def update_ticket(*, actor, ticket: Ticket, tags=None, watchers=None, **changes) -> Ticket:
    """Change details, classification or the five clears; the major rules and SLA deadlines follow."""
    unknown = set(changes) - EDIT_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    ticket = lock(ticket)
    if ticket.status == TicketStatus.CLOSED:
        raise ValidationError(_("A closed ticket cannot be changed."), code="closed")
    changed = sorted(name for name, value in changes.items() if getattr(ticket, name) != value)
    for name in changed:
        setattr(ticket, name, changes[name])
    _check_kind(ticket)
    ticket.full_clean(exclude=["number", "customer", "contact", "region", "department", "team", "assignee",
                               "category", "routing_rule", "sla_policy", "created_by", "updated_by"])
    became_major = False
    if CLASSIFYING & set(changed):
        became_major = major.apply_major_rules(ticket)
        if ticket.resolved_at is None:
            sla_service.apply_sla(ticket)
        record(ticket, EventKind.CLASSIFIED, actor=actor, fields=changed)
    ticket.save(update_fields=[*EDIT_FIELDS, "complaint_subtype", "is_major", "major_reasons",
                               *sla_service.SLA_FIELDS, *touch(ticket, actor)])
    if tags is not None:
        ticket.tags.set(tags)
    if watchers is not None:
        ticket.watchers.set(watchers)
    if became_major:
        major.report_major(ticket, actor=actor)
    if LOCATING & set(changed):
        check_serial_on_commit(ticket)
    return ticket


@transaction.atomic
def link_customer(*, actor, ticket: Ticket, customer, contact=None) -> Ticket:
    """Link an unknown caller's ticket to a customer of the archive; grade-based rules and the SLA follow."""
    ticket = lock(ticket)
    ticket.contact = contact
    _attach_customer(ticket, customer, actor)
    _check_kind(ticket)
    became_major = major.apply_major_rules(ticket)
    if ticket.resolved_at is None:
        sla_service.apply_sla(ticket)
    record(ticket, EventKind.CUSTOMER_LINKED, actor=actor, customer=customer.pk)
    ticket.save(update_fields=["customer", "contact", "customer_grade", "region", "is_major", "major_reasons",
                               *sla_service.SLA_FIELDS, *touch(ticket, actor)])
    if became_major:
        major.report_major(ticket, actor=actor)
    check_serial_on_commit(ticket)
    return ticket


@transaction.atomic
def add_message(*, actor, ticket: Ticket, body: str, kind: str = MessageKind.REPLY) -> TicketMessage:
    """Write to the conversation. A reply is the first response if none came yet; the assignee replying starts
    the work; the customer answering a ticket that waits on them resumes it. A reply is mailed to the customer."""
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    ticket = lock(ticket)
    if ticket.status == TicketStatus.CLOSED:
        raise ValidationError(_("A closed ticket cannot be changed."), code="closed")
    message = TicketMessage.objects.create(ticket=ticket, kind=kind, body=body.strip(), author=actor)
    fields = ["first_responded_at"]
    if kind == MessageKind.REPLY and ticket.first_responded_at is None:
        ticket.first_responded_at = message.created_at
    if kind == MessageKind.REPLY and ticket.status == TicketStatus.ASSIGNED and ticket.assignee_id == actor.pk:
        move(ticket, TicketStatus.IN_PROGRESS, actor=actor)
    elif kind == MessageKind.CUSTOMER and ticket.status == TicketStatus.WAITING_CUSTOMER:
        move(ticket, TicketStatus.IN_PROGRESS, actor=actor, reason=_("The customer answered"))
    else:
        sla_service.refresh_status(ticket)
    ticket.save(update_fields=[*fields, *MOVE_FIELDS, *touch(ticket, actor)])
    queue_reply_mail(message)
    return message


def set_watching(*, actor, ticket: Ticket, watching: bool) -> None:
    """Follow a ticket (it shows in the watcher's inbox and scope) or stop following it."""
    if watching:
        ticket.watchers.add(actor)
    else:
        ticket.watchers.remove(actor)


def attach_file(*, actor, ticket: Ticket, upload, kind: str = "") -> Attachment:
    """Store a file on the ticket (photo of the fault, invoice, recording)."""
    if not upload or upload.size == 0:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Files up to 20 MB can be attached.")})
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=ticket.pk, file=upload,
        name=upload.name[-200:], kind=kind[:40], size=upload.size, uploaded_by=actor)
