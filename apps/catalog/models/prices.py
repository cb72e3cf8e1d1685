from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history

from ..choices import AdjustmentType, PriceTier, WindowKind

MONEY = {"max_digits": 14, "decimal_places": 2}


class PriceList(TimeStampedModel):
    """One version of a tier's price list; the version in force on a date has the latest start before it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=30, choices=PriceTier.choices, db_index=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = track_history()

    class Meta:
        ordering = ["tier", "-effective_from"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        permissions = [("view_confidential_prices", _("Can see special and floor prices"))]
        constraints = [
            models.UniqueConstraint(fields=["tier", "effective_from"], name="one_price_list_version_per_day"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F(
                "effective_from")), name="price_list_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.code} ({self.effective_from:%Y-%m-%d})"


class PriceItem(models.Model):
    """A product's unit price in a price list from a minimum quantity on (quantity breaks)."""

    price_list = models.ForeignKey(PriceList, verbose_name=_("price list"), on_delete=models.CASCADE,
                                   related_name="items")
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="price_items")
    min_quantity = models.DecimalField(_("from quantity"), max_digits=14, decimal_places=3, default=1,
                                       validators=[MinValueValidator(0)])
    unit_price = models.DecimalField(_("unit price"), validators=[MinValueValidator(0)], **MONEY)
    history = track_history()

    class Meta:
        ordering = ["product__sku", "min_quantity"]
        verbose_name = _("price item")
        verbose_name_plural = _("price items")
        constraints = [models.UniqueConstraint(fields=["price_list", "product", "min_quantity"],
                                               name="one_price_per_break")]

    def __str__(self):
        return f"{self.product_id} ≥{self.min_quantity}: {self.unit_price}"


class PriceWindow(TimeStampedModel):
    """A dated price adjustment (launch, peak season, off season…) for a product, a category or everything."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WindowKind.choices, default=WindowKind.CUSTOM)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="price_windows")
    category = models.ForeignKey("catalog.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="price_windows")
    tier = models.CharField(_("tier"), max_length=30, choices=PriceTier.choices, blank=True,
                            help_text=_("Empty: every tier."))
    adjustment_type = models.CharField(_("adjustment"), max_length=10, choices=AdjustmentType.choices,
                                       default=AdjustmentType.PERCENT)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=2, null=True, blank=True,
                                  help_text=_("+5 raises prices by 5 %, −8 lowers them by 8 %."))
    fixed_price = models.DecimalField(_("fixed price"), null=True, blank=True,
                                      validators=[MinValueValidator(0)], **MONEY)
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("price window")
        verbose_name_plural = _("price windows")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="window_ends_after_start"),
        ]

    def __str__(self):
        return self.name
