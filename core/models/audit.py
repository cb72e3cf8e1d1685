from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    EXPORT = "export", _("Export")
    SCOPE_OVERRIDE = "scope_override", _("Data-scope override")
    PHONE_REVEALED = "phone_revealed", _("Phone number revealed")
    ADMIN_CHANGE = "admin_change", _("Administrative change")


class AuditEvent(models.Model):
    """A security-relevant event (login, denial, export, override) that admins can search."""

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices, db_index=True)
    target = models.CharField(_("target"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action}"
