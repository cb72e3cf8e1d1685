"""Keeping robots and floods off the public support pages: rate limits counted in the database (core.ratelimit, the
same count in every web process), a honeypot field, a signed form-render time and a link count. The numbers are
dated parameters (intake/parameters.py).
"""

import re
import time

from django.conf import settings
from django.core import signing

from core.ratelimit import hit, reached
from core.rules import value as rule_value

FORM_SALT = "service.support-form"
# A form page older than this must be reloaded before it is accepted (a replayed token is worthless later).
FORM_MAX_AGE_SECONDS = 6 * 60 * 60
HOUR, DAY = 60 * 60, 24 * 60 * 60
LINK = re.compile(r"https?://|www\.|\[url", re.IGNORECASE)


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies the address the outermost trusted
    proxy saw (each proxy appends to X-Forwarded-For, so entries left of that are the client's own claims)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def allow_submission_from_ip(ip: str) -> bool:
    return hit("form-ip", ip, limit=rule_value("service.web_form_per_ip_per_hour"), window=HOUR)


def phone_has_quota(phone: str) -> bool:
    return not reached("form-phone", phone, limit=rule_value("service.web_form_per_phone_per_day"), window=DAY)


def count_phone_request(phone: str) -> None:
    hit("form-phone", phone, limit=rule_value("service.web_form_per_phone_per_day"), window=DAY)


def allow_status_lookup_from_ip(ip: str) -> bool:
    return hit("status-ip", ip, limit=rule_value("service.status_lookups_per_ip_per_hour"), window=HOUR)


def status_lookups_locked(number: str) -> bool:
    return reached("status-number", number, limit=rule_value("service.status_failures_per_ticket_per_day"),
                   window=DAY)


def count_failed_status_lookup(number: str) -> None:
    hit("status-number", number, limit=rule_value("service.status_failures_per_ticket_per_day"), window=DAY)


def form_token(rendered_at: float | None = None) -> str:
    """A signed note of when the form was rendered, carried in a hidden field."""
    return signing.dumps(rendered_at if rendered_at is not None else time.time(), salt=FORM_SALT)


def form_age(token: str) -> float | None:
    """Seconds since the form was rendered; None when the token is missing, forged or too old."""
    try:
        rendered_at = signing.loads(token or "", salt=FORM_SALT, max_age=FORM_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(rendered_at, int | float):
        return None
    age = time.time() - rendered_at
    return age if 0 <= age <= FORM_MAX_AGE_SECONDS else None


def too_fast(age: float) -> bool:
    return age < rule_value("service.web_form_min_seconds")


def link_count(*texts: str) -> int:
    return sum(len(LINK.findall(text or "")) for text in texts)


def too_many_links(*texts: str) -> bool:
    return link_count(*texts) > rule_value("service.web_form_max_links")
