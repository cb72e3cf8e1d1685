"""Audit of authentication events: signal receivers that only log (the others only invalidate, core.access_cache)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record_event
from .models.audit import AuditAction


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record_event(AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record_event(AuditAction.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])
