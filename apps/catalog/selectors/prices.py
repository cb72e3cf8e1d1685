"""Reads of the price system, and the one price resolver (`resolve_price`) every app quotes through."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.rules import value as rule_value

from .. import access, rules
from ..choices import PriceTier
from ..models import PriceItem, PriceList, PriceWindow, Product
from .common import get_or_404


def list_price_lists_for(user, *, tier: str = "") -> QuerySet[PriceList]:
    qs = access.price_lists_visible_to(user).annotate(item_count=Count("items")).order_by("tier", "-effective_from")
    return qs.filter(tier=tier) if tier else qs


def get_price_list_for(user, pk) -> PriceList:
    return get_or_404(access.price_lists_visible_to(user), pk)


def list_price_windows_for(user) -> QuerySet[PriceWindow]:
    return access.price_windows_visible_to(user).select_related("product", "category")


def get_price_window_for(user, pk) -> PriceWindow:
    return get_or_404(list_price_windows_for(user), pk)


def _version(price_list: PriceList, items) -> rules.ListVersion:
    breaks = tuple(rules.PriceBreak(item.min_quantity, item.unit_price) for item in items)
    return rules.ListVersion(code=price_list.code, tier=price_list.tier, effective_from=price_list.effective_from,
                             effective_to=price_list.effective_to, breaks=breaks)


def price_lists_by_tier_for(user, on: datetime.date) -> list[dict]:
    """Each visible tier with its versions (newest first) and the code of the one in force on `on`."""
    lists = list(list_price_lists_for(user).order_by("-effective_from"))
    groups = []
    for tier in access.visible_tiers(user):
        versions = [pl for pl in lists if pl.tier == tier]
        current = rules.in_force([_version(pl, ()) for pl in versions], on)
        groups.append({"tier": tier, "label": PriceTier(tier).label, "versions": versions,
                       "current_code": current.code if current else None})
    return groups


def prices_for_product(user, product: Product, on: datetime.date) -> list[dict]:
    """The product's price breaks in the version of each visible tier in force on `on`."""
    lists = access.price_lists_visible_to(user).filter(effective_from__lte=on).prefetch_related(
        Prefetch("items", queryset=PriceItem.objects.filter(product=product), to_attr="product_items"))
    by_code = {pl.code: pl for pl in lists}
    rows = []
    for tier in access.visible_tiers(user):
        current = rules.in_force([_version(pl, pl.product_items) for pl in by_code.values() if pl.tier == tier], on)
        rows.append({"tier": tier, "label": PriceTier(tier).label,
                     "price_list": by_code[current.code] if current else None,
                     "breaks": list(current.breaks) if current else []})
    return rows


def _check_on_sale(product: Product, on: datetime.date) -> None:
    if (product.launched_on and on < product.launched_on) or (product.retired_on and on > product.retired_on):
        raise ValidationError(_("%(product)s is not on sale on %(date)s.") % {
            "product": product.name, "date": on.isoformat()}, code="not_on_sale")


def resolve_price(*, tier: str, grade: str, product: Product, quantity, on: datetime.date,
                  allow_below_floor: bool = False) -> rules.PriceQuote:
    """The unit price of `quantity` of `product` for a channel tier and a customer grade on a date (domain.md §5):
    tier price with quantity break → period window → grade discount, clamped to the floor unless
    `allow_below_floor` (for orders carrying an approved price exception)."""
    if tier not in PriceTier.values:
        raise ValidationError(_("Unknown price tier."), code="invalid_tier")
    try:
        quantity = Decimal(str(quantity))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter a number."), code="invalid_quantity") from exc
    _check_on_sale(product, on)
    lists = PriceList.objects.filter(tier__in={tier, PriceTier.FLOOR}, effective_from__lte=on).prefetch_related(
        Prefetch("items", queryset=PriceItem.objects.filter(product=product), to_attr="product_items"))
    windows = PriceWindow.objects.filter(is_active=True, starts_on__lte=on, ends_on__gte=on).filter(
        Q(product=product) | Q(product__isnull=True)).select_related("category")
    return rules.quote(
        tier=tier, grade=grade or "", quantity=quantity, on=on,
        product=rules.ProductFacts(product.pk, product.category.path),
        versions=[_version(pl, pl.product_items) for pl in lists],
        windows=[_window(w) for w in windows],
        grade_discounts=rule_value("catalog.grade_discounts", on), allow_below_floor=allow_below_floor,
    )


def _window(window: PriceWindow) -> rules.Window:
    return rules.Window(
        pk=window.pk, name=window.name, kind=window.kind, starts_on=window.starts_on, ends_on=window.ends_on,
        tier=window.tier, product_id=window.product_id,
        category_path=window.category.path if window.category_id else "",
        adjustment_type=window.adjustment_type, percent=window.percent, fixed_price=window.fixed_price,
    )


def quote_for(user, *, tier: str, grade: str, product: Product, quantity, on: datetime.date) -> rules.PriceQuote:
    """A price quote as `user` may see it: hidden tiers answer as unknown, the floor is masked without the right."""
    if not access.can_view_tier(user, tier):
        raise ValidationError(_("Unknown price tier."), code="invalid_tier")
    quote = resolve_price(tier=tier, grade=grade, product=product, quantity=quantity, on=on)
    return quote if access.can_view_confidential_prices(user) else rules.without_confidential(quote)
