from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import ReturnKind, ReturnOutcome, ReturnReason, ReturnStatus
from .common import MONEY, QTY

_THROUGH_ORDER = ScopeFields(owner="order__owner", org_unit="order__org_unit", region="order__region",
                             partner="order__partner_unit")


class ReturnRequest(TimeStampedModel):
    """A request to exchange or return goods of one order (换货与退货), inspected and credited by the quota rule."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    order = models.ForeignKey("orders.Order", verbose_name=_("original order"), on_delete=models.PROTECT,
                              related_name="return_requests")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ReturnKind.choices, default=ReturnKind.RETURN)
    reason = models.CharField(_("reason"), max_length=20, choices=ReturnReason.choices,
                              default=ReturnReason.OVERSTOCK)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReturnStatus.choices,
                              default=ReturnStatus.REQUESTED, db_index=True)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    beyond_quota = models.BooleanField(_("bought beyond the quota"), null=True, blank=True)
    quota_note = models.CharField(_("how the quota was judged"), max_length=300, blank=True)
    warehouse = models.ForeignKey("catalog.Warehouse", verbose_name=_("received into"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspected by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    inspection_note = models.CharField(_("inspection note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    credit_amount = models.DecimalField(_("credit"), default=0, **MONEY)
    credit_reference = models.CharField(_("credit note"), max_length=60, blank=True)
    history = track_history()

    data_scope = _THROUGH_ORDER

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        permissions = [("inspect_returnrequest", _("Can record the inspection of returned goods")),
                       ("approve_returnrequest", _("Can approve or reject returns")),
                       ("view_all_returns", _("Can see every return"))]

    def __str__(self):
        return self.number


class ReturnLine(models.Model):
    """One original order line coming back: quantity, what inspection found and what the rule decided."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT,
                                   related_name="+")
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(0)], **QTY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    unsold = models.BooleanField(_("unsold"), null=True, blank=True)
    unsoiled = models.BooleanField(_("unsoiled"), null=True, blank=True)
    packaging_intact = models.BooleanField(_("packaging intact"), null=True, blank=True)
    undamaged = models.BooleanField(_("undamaged"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReturnOutcome.choices, blank=True)
    credit_rate = models.DecimalField(_("credit rate (%)"), max_digits=6, decimal_places=2, default=0)
    credit_amount = models.DecimalField(_("credit"), default=0, **MONEY)
    outcome_reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")

    def __str__(self):
        return f"{self.request_id}/{self.order_line_id}"

    @property
    def amount(self):
        return self.quantity * self.unit_price
