"""Notifications: in-app (the bell) plus mail, sent after the surrounding transaction commits."""

import logging

from django.core.mail import send_mail
from django.db import transaction

from .models.notifications import Notification

log = logging.getLogger(__name__)


def notify(recipients, *, title: str, body: str = "", url: str = "", level: str = "info", email: bool = False):
    """Tell each recipient (users) about something; returns the in-app notifications created."""
    recipients = [r for r in recipients if r is not None and r.is_active]
    created = Notification.objects.bulk_create(
        [Notification(recipient=r, title=title, body=body, url=url, level=level) for r in recipients]
    )
    if email:
        addresses = [r.email for r in recipients if r.email]
        if addresses:
            transaction.on_commit(lambda: _send_mail(title, body, addresses))
    return created


def _send_mail(title: str, body: str, addresses: list[str]) -> None:
    try:
        send_mail(title, body, None, addresses)
    except OSError:
        log.exception("Could not send notification mail %r", title)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
