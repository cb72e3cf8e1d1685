"""Fixed-window rate limits counted in the database (core.counters: one UPDATE … RETURNING a hit, atomic on SQLite
and PostgreSQL alike), so the limit holds across every web process (a per-process cache would multiply it by the number
of workers). Keys are hashed: no phone number or address is stored."""

import datetime
import hashlib
import time

from django.utils import timezone

from .counters import increment
from .models import RateCounter


def _window(scope: str, identity: str, window: int) -> tuple[str, datetime.datetime]:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    number = int(time.time() // window)
    expires = datetime.datetime.fromtimestamp((number + 1) * window, tz=datetime.UTC)
    return f"{scope}:{digest}:{window}:{number}", expires


def hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one event of `identity` in the current `window` seconds; False once the count goes over `limit`."""
    key, expires = _window(scope, identity, window)
    count = increment(RateCounter, "count", {"key": key}, expires_at=expires)
    if count == 1:  # a new window: the expired ones go, once a window
        RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return count <= limit


def reached(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Whether the current window's count has reached `limit` already (without counting)."""
    key, _expires = _window(scope, identity, window)
    count = RateCounter.objects.filter(key=key).values_list("count", flat=True).first()
    return (count or 0) >= limit
