from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history

from ..choices import ProductStatus, Unit


class Category(TimeStampedModel):
    """A node of the product category tree (UV printers › flatbed …)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", verbose_name=_("parent category"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # Materialised path "/1/4/9/" (as org units): a subtree is one indexed prefix query.
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Product(TimeStampedModel):
    """A product or spare part we sell, with its stock and price behaviour."""

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    model = models.CharField(_("model"), max_length=60, blank=True, db_index=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="products")
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=10, decimal_places=3, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal("0"))])
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=0)
    is_serial_tracked = models.BooleanField(_("serial-number tracked"), default=False)
    is_spare_part = models.BooleanField(_("spare part"), default=False, db_index=True)
    reorder_level = models.DecimalField(
        _("reorder level"), max_digits=12, decimal_places=3, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Stock in a warehouse below this is shown as low."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProductStatus.choices,
                              default=ProductStatus.ACTIVE, db_index=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = track_history()

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return f"{self.sku} {self.name}"
