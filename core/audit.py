"""Recording security-relevant events. Business-record history is kept by django-simple-history."""

from django.http import HttpRequest

from .models.audit import AuditAction, AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


def record_event(
    action: AuditAction | str,
    *,
    actor=None,
    request: HttpRequest | None = None,
    target: str = "",
    username: str = "",
    **detail,
) -> AuditEvent:
    """Append one event to the audit log."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        username=username or (actor.get_username() if actor is not None and actor.is_authenticated else ""),
        target=str(target)[:255],
        detail=detail,
        ip_address=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
    )
