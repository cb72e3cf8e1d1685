from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history

from ..choices import MovementKind, StockCountStatus, WarehouseKind

QTY = {"max_digits": 14, "decimal_places": 3}


class Warehouse(TimeStampedModel):
    """A place that holds stock: head office, a branch, the new-parts or old-parts store."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WarehouseKind.choices, default=WarehouseKind.OTHER)
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("org unit"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("org.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")

    def __str__(self):
        return self.name


class StockLevel(models.Model):
    """Running balance of one product in one warehouse; written only by the movement service (ADR 0005)."""

    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="stock_levels")
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT,
                                  related_name="stock_levels")
    on_hand = models.DecimalField(_("on hand"), default=Decimal("0"), **QTY)
    reserved = models.DecimalField(_("reserved"), default=Decimal("0"), **QTY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["warehouse__sort_order", "product__sku"]
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="one_stock_level_per_place"),
            # The last line of defence against overselling: the database itself refuses these states.
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
            models.CheckConstraint(condition=Q(on_hand__gte=F("reserved")), name="stock_on_hand_covers_reserved"),
        ]

    def __str__(self):
        return f"{self.product_id}@{self.warehouse_id}: {self.on_hand}/{self.reserved}"


class StockMovement(models.Model):
    """One line of the stock ledger: what changed on hand and reserved, why, by whom and when."""

    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="stock_movements")
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT,
                                  related_name="stock_movements")
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices, db_index=True)
    on_hand_delta = models.DecimalField(_("on-hand change"), default=Decimal("0"), **QTY)
    reserved_delta = models.DecimalField(_("reserved change"), default=Decimal("0"), **QTY)
    on_hand_after = models.DecimalField(_("on hand after"), **QTY)
    reserved_after = models.DecimalField(_("reserved after"), **QTY)
    reference = models.CharField(_("reference"), max_length=100, blank=True, db_index=True)
    reference_type = models.ForeignKey(ContentType, verbose_name=_("reference type"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    reference_id = models.PositiveBigIntegerField(_("reference id"), null=True, blank=True)
    reference_object = GenericForeignKey("reference_type", "reference_id")
    related_movement = models.ForeignKey("self", verbose_name=_("other side of the transfer"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["product", "warehouse", "occurred_at"], name="movement_place_time")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on_hand_delta:+} / {self.reserved_delta:+}"


class StockCount(TimeStampedModel):
    """A stock count (盘点) of one warehouse: book quantities snapshotted, counted, approved into the ledger."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT,
                                  related_name="stock_counts")
    status = models.CharField(_("status"), max_length=20, choices=StockCountStatus.choices,
                              default=StockCountStatus.DRAFT, db_index=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rejected by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    history = track_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        permissions = [("approve_stockcount", _("Can approve stock counts"))]

    def __str__(self):
        return self.number


class StockCountLine(models.Model):
    """One product of a stock count: the book quantity when the count began and what was counted."""

    count = models.ForeignKey(StockCount, verbose_name=_("stock count"), on_delete=models.CASCADE,
                              related_name="lines")
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="+")
    system_qty = models.DecimalField(_("book quantity"), **QTY)
    counted_qty = models.DecimalField(_("counted quantity"), null=True, blank=True, **QTY)

    class Meta:
        ordering = ["product__sku"]
        verbose_name = _("stock count line")
        verbose_name_plural = _("stock count lines")
        constraints = [models.UniqueConstraint(fields=["count", "product"], name="one_line_per_product")]

    def __str__(self):
        return f"{self.product_id}: {self.system_qty} → {self.counted_qty}"

    @property
    def difference(self) -> Decimal | None:
        return None if self.counted_qty is None else self.counted_qty - self.system_qty
