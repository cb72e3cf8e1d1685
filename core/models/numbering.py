from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCounter(models.Model):
    """The last number a document series used on a day (SO orders, INV/CN/PAY/RT receivables, SH/PR/DN/MDN
    fulfilment, T tickets; PD stock counts per month, on the month's first day), drawn by core.numbering."""

    series = models.CharField(_("series"), max_length=8)
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("daily counter")
        verbose_name_plural = _("daily counters")
        constraints = [models.UniqueConstraint(fields=["series", "day"], name="one_daily_counter_per_series_day")]

    def __str__(self):
        return f"{self.series} {self.day}: {self.last}"
