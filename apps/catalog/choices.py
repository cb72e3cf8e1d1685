from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("On sale")
    RETIRED = "retired", _("Retired")


class Unit(models.TextChoices):
    """Units of measure; the Chinese names (件/台/套/箱…) come from the translation catalogue."""

    PIECE = "piece", _("piece")
    MACHINE = "machine", _("machine")
    SET = "set", _("set")
    BOX = "box", _("box")
    ITEM = "item", pgettext_lazy("unit of measure", "item")
    BOTTLE = "bottle", _("bottle")
    ROLL = "roll", _("roll")
    KG = "kg", _("kg")
    LITRE = "litre", _("litre")


class WarehouseKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office")
    BRANCH = "branch", _("Branch")
    NEW_PARTS = "new_parts", _("New-parts store (新件库)")
    OLD_PARTS = "old_parts", _("Old-parts store (旧件库)")
    OTHER = "other", _("Other")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ISSUE = "issue", _("Issue")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    ADJUSTMENT = "adjustment", _("Adjustment")
    COUNT_DIFFERENCE = "count_difference", _("Count difference")
    RESERVATION = "reservation", _("Reservation")
    RELEASE = "release", _("Reservation released")


# What a person may post by hand (UI form and POST /api/v1/stock-movements/); the rest come from other services.
MANUAL_MOVEMENTS = ["receipt", "issue", "transfer", "adjustment"]


class StockCountStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COUNTED = "counted", _("Counted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PriceTier(models.TextChoices):
    SPECIAL_AGENT = "special_agent", _("Special agent price (特殊代理商价)")
    AGENT = "agent", _("Agent price (一般代理商价)")
    SPECIAL_DISTRIBUTOR = "special_distributor", _("Special distributor price (特殊分销商价)")
    DISTRIBUTOR = "distributor", _("Distributor price (一般分销商价)")
    SUGGESTED = "suggested", _("Suggested market price (市场建议价)")
    FLOOR = "floor", _("Minimum market price (市场最低折扣价)")
    PARTS = "parts", _("Parts price (配件价)")


# Tiers only roles with catalog.view_confidential_prices may see (domain.md §16).
CONFIDENTIAL_TIERS = frozenset({PriceTier.SPECIAL_AGENT, PriceTier.SPECIAL_DISTRIBUTOR, PriceTier.FLOOR})


class WindowKind(models.TextChoices):
    LAUNCH = "launch", _("Launch")
    MATURE = "mature", _("Mature market")
    PEAK = "peak", _("Peak season")
    OFF_SEASON = "off_season", _("Off season")
    CUSTOM = "custom", _("Custom")


class AdjustmentType(models.TextChoices):
    PERCENT = "percent", _("Percent")
    FIXED = "fixed", _("Fixed price")
