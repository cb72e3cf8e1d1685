"""Fixed-window rate limits counted in the database: one conditional UPDATE … RETURNING a hit, atomic on SQLite and
PostgreSQL alike, so the limit holds across every web process (a per-process cache would multiply it by the number
of workers). Keys are hashed: no phone number or address is stored."""

import datetime
import hashlib
import time

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import RateCounter


def _window(scope: str, identity: str, window: int) -> tuple[str, datetime.datetime]:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    number = int(time.time() // window)
    expires = datetime.datetime.fromtimestamp((number + 1) * window, tz=datetime.UTC)
    return f"{scope}:{digest}:{window}:{number}", expires


def _increment(key: str) -> int | None:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET count = count + 1 WHERE key = %s RETURNING count", [key])
        row = cursor.fetchone()
    return row[0] if row else None


def hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one event of `identity` in the current `window` seconds; False once the count goes over `limit`."""
    key, expires = _window(scope, identity, window)
    count = _increment(key)
    if count is None:
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=1, expires_at=expires)
            count = 1
            RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()  # once a window: old ones go
        except IntegrityError:  # another process counted the window's first event at the same moment
            count = _increment(key)
    return count <= limit


def reached(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Whether the current window's count has reached `limit` already (without counting)."""
    key, _expires = _window(scope, identity, window)
    count = RateCounter.objects.filter(key=key).values_list("count", flat=True).first()
    return (count or 0) >= limit
