"""Reads of the inbound mail log: what the mailbox poll did with each message (new ticket, reply, ignored, failed)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..access import can_view_inbound_mail
from ..models import InboundMail


@dataclass
class MailFilters:
    outcome: str = ""
    search: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def list_inbound_mail_for(user, filters: MailFilters | None = None) -> QuerySet[InboundMail]:
    """The log, newest first, for those who may read it (nobody else sees a row)."""
    if not can_view_inbound_mail(user):
        return InboundMail.objects.none()
    filters = filters or MailFilters()
    rows = InboundMail.objects.select_related("ticket")
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.search:
        text = filters.search
        rows = rows.filter(Q(from_address__icontains=text) | Q(subject__icontains=text) | Q(note__icontains=text)
                           | Q(ticket__number__icontains=text))
    if filters.start:
        rows = rows.filter(processed_at__date__gte=filters.start)
    if filters.end:
        rows = rows.filter(processed_at__date__lte=filters.end)
    return rows.order_by("-processed_at", "-id")
