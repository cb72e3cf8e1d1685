"""One error body for the whole API: {"code", "detail", "fields"} (see docs/api.md)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.audit import record_event
from core.models.audit import AuditAction


class Conflict(exceptions.APIException):
    """The object's state does not allow the action (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The current state does not allow this action."


_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if response.status_code == status.HTTP_403_FORBIDDEN and request is not None and request.user.is_authenticated:
        record_event(AuditAction.PERMISSION_DENIED, request=request, target=request.path)
    data = response.data
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(data) if isinstance(data, dict) else {"non_field_errors": [str(m) for m in data]}
        detail = _("Some fields are invalid.")
        code = "invalid"
    else:
        detail = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
        raw_code = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        code = raw_code if isinstance(raw_code, str) else _CODES.get(response.status_code, "error")
        if code in {"error", "invalid"}:
            code = _CODES.get(response.status_code, code)
    response.data = {"code": code, "detail": detail, "fields": fields}
    return response


def error_response(code: str, detail: str, status_code: int = 400, fields=None) -> Response:
    return Response({"code": code, "detail": detail, "fields": fields or {}}, status=status_code)
