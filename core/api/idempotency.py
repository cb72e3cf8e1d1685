"""`Idempotency-Key` on API creates (docs/api.md): the first response is stored and replayed to retries.

Decorate a DRF view method (a viewset's `create`, an APIView's `post`), below any `@extend_schema`::

    from core.api.idempotency import idempotent

    class OrderViewSet(viewsets.GenericViewSet):
        @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer})
        @idempotent
        def create(self, request, *args, **kwargs):
            ...

A request without the header runs as usual. With it, per user and key:
- the first request runs; a 2xx response is stored (status and body) and kept for `TTL`;
- the same key again with the same method, path and body gets the stored response replayed, with the header
  `Idempotent-Replayed: true` — the view does not run again;
- the same key with a different method, path or body answers 409 `idempotency_key_reused`;
- while the first request is still running, a duplicate answers 409 `idempotency_request_in_progress` (retry later);
- an error response (4xx/5xx) or an exception is not stored: the key is released, so a corrected request may use it.
The view must answer with a DRF `Response` (its `.data` is what is stored).

Concurrency: the record is inserted *pending* before the view runs and the unique (user, key) constraint picks the
one request that proceeds — no row locks, so it holds on SQLite and PostgreSQL alike.
"""

import datetime as dt
import functools
import hashlib
import json

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.models import IdempotencyRecord

from .errors import Conflict, error_response

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200
# How long a stored response is replayed (docs/api.md: at least 24 hours); older records are purged daily.
TTL = dt.timedelta(hours=24)
# A record still pending after this long belongs to a request that died; its key may be claimed again.
PENDING_TIMEOUT = dt.timedelta(minutes=10)

KEY_PARAMETER = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=False,
    description="A unique key per intended create (e.g. a UUID). Retrying with the same key and body replays the "
                "first successful response (header `Idempotent-Replayed: true`) for 24 hours; the same key with a "
                "different body answers 409 `idempotency_key_reused`; while the first request still runs, 409 "
                "`idempotency_request_in_progress`.",
)


def idempotent(view_method):
    """Make a DRF create method honour the `Idempotency-Key` header (see the module docstring)."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        if HEADER not in request.headers or not request.user.is_authenticated:
            return view_method(view, request, *args, **kwargs)
        key = request.headers[HEADER].strip()
        if not _valid_key(key):
            return error_response("idempotency_key_invalid", _("Some fields are invalid."), status.HTTP_400_BAD_REQUEST,
                                  fields={HEADER: [_("Give a key of 1 to %(max)d printable characters.") %
                                                   {"max": MAX_KEY_LENGTH}]})
        fingerprint = request_fingerprint(request)
        record, earlier = _claim(request, key, fingerprint)
        if record is None:
            return _answer_repeat(earlier, fingerprint)
        try:
            response = view_method(view, request, *args, **kwargs)
        except BaseException:
            _release(record)
            raise
        if isinstance(response, Response) and status.is_success(response.status_code):
            _complete(record, response)
        else:
            _release(record)
        return response

    return extend_schema(parameters=[KEY_PARAMETER])(wrapper)


def request_fingerprint(request) -> str:
    """SHA-256 of the method, the path with its query and the parsed body (key order and JSON spacing ignored)."""
    body = json.dumps(_plain(request.data), sort_keys=True, cls=JSONEncoder, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.get_full_path()}\n{body}".encode()).hexdigest()


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the records past their time to live; returns how many."""
    now = now or timezone.now()
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=now - TTL).delete()
    return deleted


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()


def _plain(data):
    """Request data as plain JSON values; an uploaded file counts by its name, size and content hash."""
    if hasattr(data, "lists"):  # QueryDict / MultiValueDict: form and multipart bodies
        return {str(name): [_plain(value) for value in values] for name, values in data.lists()}
    if isinstance(data, dict):
        return {str(name): _plain(value) for name, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(value) for value in data]
    if isinstance(data, UploadedFile):
        digest = hashlib.sha256()
        for chunk in data.chunks():
            digest.update(chunk)
        data.seek(0)
        return {"file": data.name, "size": data.size, "sha256": digest.hexdigest()}
    return data


def _stale(record: IdempotencyRecord, now: dt.datetime) -> bool:
    """Past its time to live, or pending so long that its request must have died."""
    age = now - record.created_at
    return age >= (PENDING_TIMEOUT if record.is_pending else TTL)


def _claim(request, key: str, fingerprint: str):
    """(new pending record, None) when this request may run; (None, the earlier record) otherwise."""
    earlier = None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=request.user, key=key, method=request.method, path=request.get_full_path()[:500],
                    request_hash=fingerprint)
            return record, None
        except IntegrityError:
            earlier = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if earlier is not None and not _stale(earlier, timezone.now()):
            return None, earlier
        if earlier is not None:
            # Conditional on the row we judged stale, so two requests cannot both take over one key.
            IdempotencyRecord.objects.filter(pk=earlier.pk, status_code=earlier.status_code).delete()
    return None, earlier


def _answer_repeat(earlier: IdempotencyRecord | None, fingerprint: str) -> Response:
    if earlier is not None and earlier.request_hash != fingerprint:
        raise Conflict(_("This Idempotency-Key was used for a different request."), code="idempotency_key_reused")
    if earlier is None or earlier.is_pending:
        response = error_response("idempotency_request_in_progress",
                                  _("A request with this Idempotency-Key is still being processed; retry shortly."),
                                  status.HTTP_409_CONFLICT)
        response["Retry-After"] = "1"
        return response
    return Response(earlier.response_body, status=earlier.status_code, headers={REPLAYED_HEADER: "true"})


def _complete(record: IdempotencyRecord, response) -> None:
    body = json.loads(json.dumps(response.data, cls=JSONEncoder)) if response.data is not None else None
    IdempotencyRecord.objects.filter(pk=record.pk).update(status_code=response.status_code, response_body=body,
                                                          completed_at=timezone.now())


def _release(record: IdempotencyRecord) -> None:
    if transaction.get_connection().needs_rollback:
        return  # the surrounding transaction rolls back, and the pending record with it
    IdempotencyRecord.objects.filter(pk=record.pk).delete()
