from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleValue(models.Model):
    """One value of a rule parameter (threshold, points, hours, discount) from a date on; admins edit these."""

    key = models.CharField(_("parameter"), max_length=100, db_index=True)
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="one_rule_value_per_day")]
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")

    def __str__(self):
        return f"{self.key} @ {self.effective_from}"
