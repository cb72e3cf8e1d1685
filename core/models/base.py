from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Base of every business record: who created and last changed it, and when."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        abstract = True


def _history_user(instance, request=None, **kwargs):
    """Who made a change: the service's actor (updated_by), else the logged-in user of the request."""
    actor = getattr(instance, "updated_by", None)
    if actor is None and request is not None:
        actor = request.user
    return actor


def track_history(**options) -> HistoricalRecords:
    """Change history for a business model, attributed to the acting user."""
    return HistoricalRecords(get_user=_history_user, **options)
