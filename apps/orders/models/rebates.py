from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import RebateStatus
from .common import MONEY

_THROUGH_PARTNER = ScopeFields(owner="partner__customer__owner", org_unit="partner__customer__org_unit",
                               region="partner__customer__region", partner="partner__unit")


class RebateAccrual(TimeStampedModel):
    """A partner's year-end rebate (年终返利) for one year, accrued month by month from shipments net of returns and
    settled as a credit note after the year ends."""

    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, blank=True)
    through = models.DateField(_("accrued through"), null=True, blank=True)
    volume = models.DecimalField(_("shipped net of returns"), default=0, **MONEY)
    rate = models.DecimalField(_("rate (%)"), max_digits=6, decimal_places=2, default=0)
    amount = models.DecimalField(_("accrued rebate"), default=0, **MONEY)
    next_threshold = models.DecimalField(_("next tier at"), null=True, blank=True, **MONEY)
    next_rate = models.DecimalField(_("next tier rate (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RebateStatus.choices,
                              default=RebateStatus.ACCRUING, db_index=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("settled by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    credit_reference = models.CharField(_("credit note"), max_length=60, blank=True)
    history = track_history()

    data_scope = _THROUGH_PARTNER

    class Meta:
        ordering = ["-year", "partner_id"]
        verbose_name = _("rebate accrual")
        verbose_name_plural = _("rebate accruals")
        constraints = [models.UniqueConstraint(fields=["partner", "year"], name="one_rebate_per_partner_year")]
        permissions = [("settle_rebate", _("Can settle year-end rebates")),
                       ("view_all_rebates", _("Can see every rebate"))]

    def __str__(self):
        return f"{self.partner_id} {self.year}"


class RebateAccrualMonth(models.Model):
    """The month-end snapshot of an accrual: how the rebate grew (shown to the partner as a history)."""

    accrual = models.ForeignKey(RebateAccrual, on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(_("month"))
    through = models.DateField(_("through"))
    volume = models.DecimalField(_("volume to date"), **MONEY)
    rate = models.DecimalField(_("rate (%)"), max_digits=6, decimal_places=2)
    amount = models.DecimalField(_("accrued to date"), **MONEY)
    change = models.DecimalField(_("accrued this month"), **MONEY)

    class Meta:
        ordering = ["accrual", "month"]
        verbose_name = _("monthly rebate accrual")
        verbose_name_plural = _("monthly rebate accruals")
        constraints = [models.UniqueConstraint(fields=["accrual", "month"], name="one_rebate_row_per_month")]

    def __str__(self):
        return f"{self.accrual_id}/{self.month}"
