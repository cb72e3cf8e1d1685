"""Shipments (发货单) of an order, their follow-up by logistics customer service, and transport exceptions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices_fulfilment import ClaimStatus, ExceptionKind, ExceptionStatus, ShipmentStatus
from .common import MONEY, QTY

# Shipments and what hangs off them are placed where their order is.
THROUGH_ORDER = ScopeFields(owner="order__owner", org_unit="order__org_unit", region="order__region",
                            partner="order__partner_unit")


class Shipment(TimeStampedModel):
    """One delivery of (part of) an order from a warehouse: carrier, tracking number, sign-off and 回单."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    order = models.ForeignKey("orders.Order", verbose_name=_("order"), on_delete=models.PROTECT,
                              related_name="shipments")
    warehouse = models.ForeignKey("catalog.Warehouse", verbose_name=_("warehouse"), on_delete=models.PROTECT,
                                  related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.DRAFT, db_index=True)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True, db_index=True)
    urgent = models.BooleanField(_("urgent"), default=False,
                                 help_text=_("Urgent orders are checked for loading the same day."))
    amount = models.DecimalField(_("amount"), default=0, **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True, db_index=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed by"), max_length=60, blank=True)
    sign_note = models.CharField(_("sign-off note"), max_length=300, blank=True)
    receipt_returned_on = models.DateField(_("receipt returned on"), null=True, blank=True)
    receipt_received_by = models.CharField(_("receipt received by"), max_length=60, blank=True)
    receipt_note = models.CharField(_("receipt note"), max_length=300, blank=True)
    eta = models.DateField(_("expected arrival"), null=True, blank=True)
    last_followed_at = models.DateTimeField(_("last followed up"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=300, blank=True)
    history = track_history()

    data_scope = THROUGH_ORDER

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [models.Index(fields=["status", "dispatched_at"])]
        permissions = [("dispatch_shipment", _("Can pick and dispatch shipments")),
                       ("record_delivery", _("Can record sign-off and return receipts")),
                       ("follow_up_shipment", _("Can follow up shipments and register transport exceptions"))]

    def __str__(self):
        return self.number


class ShipmentLine(models.Model):
    """A quantity of one order line in a shipment, with the serial numbers of serial-tracked products."""

    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE,
                                 related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT,
                                   related_name="shipment_lines")
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="+")
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(0)], **QTY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    serial_numbers = models.JSONField(_("serial numbers"), default=list, blank=True)

    class Meta:
        ordering = ["shipment", "order_line__position", "id"]
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")

    def __str__(self):
        return f"{self.shipment_id}: {self.product_id} × {self.quantity}"


class ShippedSerial(models.Model):
    """A serial number that left in a shipment: where a machine went, for 窜货 checks and after-sales."""

    serial_no = models.CharField(_("serial number"), max_length=60, db_index=True)
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="+")
    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE,
                                 related_name="serials")
    line = models.ForeignKey(ShipmentLine, verbose_name=_("shipment line"), on_delete=models.CASCADE,
                             related_name="serials")

    class Meta:
        ordering = ["serial_no", "id"]
        verbose_name = _("shipped serial number")
        verbose_name_plural = _("shipped serial numbers")
        constraints = [models.UniqueConstraint(fields=["shipment", "product", "serial_no"],
                                               name="one_serial_per_shipment")]

    def __str__(self):
        return self.serial_no


class ShipmentFollowUp(models.Model):
    """A call by logistics customer service about a dispatched shipment: what the carrier said, the ETA."""

    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE,
                                 related_name="follow_ups")
    eta = models.DateField(_("expected arrival"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500)
    customer_informed = models.BooleanField(_("customer informed"), default=True)
    followed_at = models.DateTimeField(_("followed up at"), default=timezone.now)
    followed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    data_scope = ScopeFields(owner="shipment__order__owner", org_unit="shipment__order__org_unit",
                             region="shipment__order__region", partner="shipment__order__partner_unit")

    class Meta:
        ordering = ["-followed_at", "-id"]
        verbose_name = _("shipment follow-up")
        verbose_name_plural = _("shipment follow-ups")

    def __str__(self):
        return f"{self.shipment_id} @ {self.followed_at:%Y-%m-%d %H:%M}"


class ShipmentException(TimeStampedModel):
    """A transport exception (delay, shortage, damage, loss): its handling and any claim against the carrier."""

    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), on_delete=models.PROTECT,
                                 related_name="exceptions")
    kind = models.CharField(_("kind"), max_length=20, choices=ExceptionKind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ExceptionStatus.choices,
                              default=ExceptionStatus.OPEN, db_index=True)
    description = models.CharField(_("what happened"), max_length=500)
    handling = models.TextField(_("handling"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    claim_status = models.CharField(_("carrier claim"), max_length=20, choices=ClaimStatus.choices,
                                    default=ClaimStatus.NONE)
    claim_amount = models.DecimalField(_("amount claimed"), default=0, **MONEY)
    claim_settled_amount = models.DecimalField(_("amount settled"), default=0, **MONEY)
    claim_settled_on = models.DateField(_("claim settled on"), null=True, blank=True)
    history = track_history()

    data_scope = ScopeFields(owner="shipment__order__owner", org_unit="shipment__order__org_unit",
                             region="shipment__order__region", partner="shipment__order__partner_unit")

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("transport exception")
        verbose_name_plural = _("transport exceptions")

    def __str__(self):
        return f"{self.shipment_id}: {self.get_kind_display()}"
