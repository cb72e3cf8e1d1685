from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How often something happened in one fixed time window (a public form sent from one address, a ticket number
    guessed), counted in the database so that every web process sees the same count (core.ratelimit)."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self):
        return f"{self.key}: {self.count}"
