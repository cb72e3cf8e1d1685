"""Domain errors of the catalogue as API answers with stable codes."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.exceptions import APIException

from core.api.errors import Conflict

from ..services import InsufficientStock


class StockConflict(APIException):
    """Fewer units available than the movement needs (409, code insufficient_stock)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "insufficient_stock"
    default_detail = "Not enough stock."


@contextmanager
def domain_errors():
    """Turn InsufficientStock and refused transitions into 409s; other validation errors stay 400s."""
    try:
        yield
    except InsufficientStock as exc:
        raise StockConflict(detail=exc.messages[0]) from exc
    except ValidationError as exc:
        if getattr(exc, "code", None) == "invalid_transition":
            raise Conflict(detail=exc.messages[0], code="invalid_transition") from exc
        raise
