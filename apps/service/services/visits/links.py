"""The customer's satisfaction link: a signed, expiring token naming a visit and its nonce. Answering it once
records the visit; a second use finds the visit closed ("already answered")."""

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.rules import value as rule_value

from ...models import ReturnVisit
from ...visits.workflow import VisitClosed

SALT = "service.satisfaction-link"
log = logging.getLogger(__name__)


class LinkInvalid(Exception):
    """Not a token we signed, or its visit is gone or was given a new link."""


class LinkExpired(Exception):
    """A genuine token older than the link validity."""


@dataclass(frozen=True)
class LinkPayload:
    visit_id: int
    nonce: str


def sign(visit: ReturnVisit) -> str:
    """The token of the visit's current link; the issue time in it starts the validity."""
    issued = int(timezone.now().timestamp())
    return signing.dumps({"v": visit.pk, "n": visit.link_nonce, "t": issued}, salt=SALT, compress=True)


def validity(on: dt.date | None = None) -> dt.timedelta:
    return dt.timedelta(days=int(rule_value("service.satisfaction_link_days", on)))


def read(token: str) -> LinkPayload:
    """The visit and nonce a token names; LinkExpired or LinkInvalid otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError) as exc:
        raise LinkInvalid from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(key), int) for key in ("v", "t")) or not data.get("n"):
        raise LinkInvalid
    issued = dt.datetime.fromtimestamp(data["t"], tz=dt.UTC)
    if timezone.now() - issued > validity(timezone.localdate()):
        raise LinkExpired
    return LinkPayload(visit_id=data["v"], nonce=str(data["n"]))


def visit_for(token: str) -> ReturnVisit:
    """The visit a valid token belongs to (open or not: the caller shows "already answered")."""
    payload = read(token)
    visit = ReturnVisit.objects.select_related("ticket", "customer").filter(pk=payload.visit_id).first()
    if visit is None or not visit.link_nonce or not secrets.compare_digest(visit.link_nonce, payload.nonce):
        raise LinkInvalid
    return visit


@transaction.atomic
def issue_link(*, actor, visit: ReturnVisit) -> str:
    """A fresh token for an open visit (the nonce is made once, so links already sent stay valid until they
    expire); returns the token."""
    visit = ReturnVisit.objects.get(pk=visit.pk)
    if not visit.is_open:
        raise VisitClosed.of(visit)
    fields = ["link_sent_at", "updated_by", "updated_at"]
    if not visit.link_nonce:
        visit.link_nonce = secrets.token_urlsafe(18)
        fields.append("link_nonce")
    visit.link_sent_at, visit.updated_by = timezone.now(), actor
    visit.save(update_fields=fields)
    return sign(visit)


def send_link(*, actor, visit: ReturnVisit, url: str) -> bool:
    """Mail the satisfaction link to the visit's email address after commit; False when it has none."""
    if not visit.email:
        return False
    subject = _("How satisfied are you with our service?")
    body = _("Dear %(name)s,\n\nplease tell us in one minute how satisfied you are with our service:\n%(url)s\n\n"
             "The link is valid for %(days)s days. Thank you!") % {
        "name": visit.contact_name or visit.email, "url": url, "days": validity().days}
    address = visit.email
    transaction.on_commit(lambda: _mail(subject, body, address))
    return True


def _mail(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except OSError:
        log.exception("Could not mail the satisfaction link to %s", address)
