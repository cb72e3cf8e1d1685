from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IdempotencyRecord(models.Model):
    """An `Idempotency-Key` of a create request: its fingerprint and the first response, replayed to retries.

    The row is inserted *pending* (no status yet) before the view runs, so the unique (user, key) constraint lets
    exactly one of several concurrent duplicates through; the others see the pending row.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(_("idempotency key"), max_length=200)
    method = models.CharField(pgettext_lazy("HTTP request", "method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True,
                                                   help_text=_("Empty while the first request is still running."))
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_record_per_user_key")]

    def __str__(self):
        return f"{self.user_id} {self.key}"

    @property
    def is_pending(self) -> bool:
        return self.status_code is None
