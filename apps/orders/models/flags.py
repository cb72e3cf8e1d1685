"""窜货 (cross-territory selling): goods of a partner seen outside its authorised territory, for review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices_fulfilment import FlagOutcome, FlagSource


class CrossTerritoryFlag(TimeStampedModel):
    """A suspected cross-territory sale: where the goods were seen, and the reviewer's outcome."""

    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="+")
    source = models.CharField(_("seen at"), max_length=30, choices=FlagSource.choices, db_index=True)
    order = models.ForeignKey("orders.Order", verbose_name=_("order"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="cross_territory_flags")
    shipment = models.ForeignKey("orders.Shipment", verbose_name=_("shipment"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cross_territory_flags")
    serial_no = models.CharField(_("serial number"), max_length=60, blank=True, db_index=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True,
                                 help_text=_("The record where the goods were seen (ticket, registration…)."))
    province_code = models.CharField(_("province code"), max_length=6, blank=True)
    province = models.CharField(_("province"), max_length=30, blank=True)
    city_code = models.CharField(_("city code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    territory = models.CharField(_("authorised territory"), max_length=300, blank=True)
    detected_at = models.DateTimeField(_("detected at"), db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=FlagOutcome.choices, blank=True, db_index=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    history = track_history()

    # Placed where the partner's customer archive is (as the partner itself is).
    data_scope = ScopeFields(owner="partner__customer__owner", org_unit="partner__customer__org_unit",
                             region="partner__customer__region", partner="partner__unit")

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("cross-territory flag")
        verbose_name_plural = _("cross-territory flags")
        indexes = [models.Index(fields=["partner", "outcome"])]
        permissions = [("review_crossterritoryflag", _("Can review cross-territory (窜货) flags"))]

    def __str__(self):
        return f"{self.partner_id} {self.province}{self.city}"
