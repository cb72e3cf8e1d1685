"""Price arithmetic over plain data (domain.md §5): tier price with quantity break → period window → grade
discount, never below the floor. No ORM here; `selectors.resolve_price` loads the data and calls `quote`."""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import format_cny, to_money

from .choices import AdjustmentType, PriceTier, WindowKind

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class ListVersion:
    """One version of a tier's price list with the breaks of one product."""

    code: str
    tier: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    breaks: tuple[PriceBreak, ...] = ()


@dataclass(frozen=True)
class Window:
    """A period window as plain data; `category_path` is the materialised path of its category ("" = none)."""

    pk: int
    name: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    tier: str = ""
    product_id: int | None = None
    category_path: str = ""
    adjustment_type: str = AdjustmentType.PERCENT
    percent: Decimal | None = None
    fixed_price: Decimal | None = None


@dataclass(frozen=True)
class ProductFacts:
    id: int
    category_path: str


@dataclass
class PriceQuote:
    """The resolved unit price and how it was reached (each step a dict with a code and a translated text)."""

    tier: str
    grade: str
    product_id: int
    quantity: Decimal
    on: datetime.date
    unit_price: Decimal
    list_price: Decimal
    floor_price: Decimal | None
    below_floor: bool
    clamped: bool
    explanation: list[dict] = field(default_factory=list)

    @property
    def line_total(self) -> Decimal:
        return to_money(self.unit_price * self.quantity)


def in_force(versions, on: datetime.date) -> ListVersion | None:
    """The version in force on `on`: the latest start on or before it among those not yet ended."""
    current = [v for v in versions if v.effective_from <= on and (v.effective_to is None or v.effective_to >= on)]
    return max(current, key=lambda v: v.effective_from, default=None)


def break_for(breaks, quantity: Decimal) -> PriceBreak | None:
    """The quantity break that applies: the largest minimum quantity not above `quantity`."""
    eligible = [b for b in breaks if b.min_quantity <= quantity]
    return max(eligible, key=lambda b: b.min_quantity, default=None)


def _specificity(window: Window):
    scope = (2, 0) if window.product_id else (1, len(window.category_path)) if window.category_path else (0, 0)
    return (*scope, bool(window.tier), window.starts_on, window.pk)


def window_for(windows, *, on: datetime.date, tier: str, product: ProductFacts) -> Window | None:
    """The one window that applies: the most specific (product › deeper category › all; one tier › every
    tier), then the one that started last."""
    matching = [
        w for w in windows
        if w.starts_on <= on <= w.ends_on and w.tier in ("", tier)
        and (w.product_id == product.id if w.product_id
             else not w.category_path or product.category_path.startswith(w.category_path))
    ]
    return max(matching, key=_specificity, default=None)


def apply_window(price: Decimal, window: Window) -> Decimal:
    if window.adjustment_type == AdjustmentType.FIXED:
        return to_money(window.fixed_price)
    return to_money(price * (HUNDRED + Decimal(window.percent or 0)) / HUNDRED)


def grade_discount_percent(discounts: dict, grade: str) -> Decimal:
    """The grade's discount in percent from the `catalog.grade_discounts` mapping (0 for an unknown grade)."""
    return Decimal(str(discounts.get(grade, 0) or 0))


def apply_discount(price: Decimal, percent: Decimal) -> Decimal:
    return to_money(price * (HUNDRED - percent) / HUNDRED)


def _step(code: str, text: str, amount: Decimal | None = None, **data) -> dict:
    return {"code": code, "text": text, "amount": None if amount is None else str(amount), **data}


def _percent(value: Decimal) -> str:
    return f"{value:+.1f} %"


def _list_steps(tier: str, version: ListVersion, chosen: PriceBreak) -> list[dict]:
    steps = [_step("price_list", _("%(tier)s: list %(code)s, version in force from %(date)s.") % {
        "tier": PriceTier(tier).label, "code": version.code, "date": version.effective_from.isoformat()},
        price_list=version.code, effective_from=version.effective_from.isoformat())]
    if chosen.min_quantity > 1 or len(version.breaks) > 1:
        text = _("Quantity break from %(min)s: %(price)s.") % {"min": f"{chosen.min_quantity.normalize():f}",
                                                               "price": format_cny(chosen.unit_price)}
        steps.append(_step("quantity_break", text, chosen.unit_price, min_quantity=str(chosen.min_quantity)))
    else:
        steps.append(_step("list_price", _("List price: %(price)s.") % {"price": format_cny(chosen.unit_price)},
                           chosen.unit_price))
    return steps


def _window_step(window: Window | None, price: Decimal) -> dict:
    if window is None:
        return _step("no_window", _("No price window on that date."))
    params = {"kind": WindowKind(window.kind).label, "name": window.name, "start": window.starts_on.isoformat(),
              "end": window.ends_on.isoformat(), "price": format_cny(price)}
    if window.adjustment_type == AdjustmentType.FIXED:
        text = _("%(kind)s window “%(name)s” (%(start)s – %(end)s): fixed price %(price)s.") % params
    else:
        params["percent"] = _percent(Decimal(window.percent or 0))
        text = _("%(kind)s window “%(name)s” (%(start)s – %(end)s): %(percent)s → %(price)s.") % params
    return _step("window", text, price, window=window.pk)


def _grade_step(grade: str, percent: Decimal, price: Decimal) -> dict:
    if not percent:
        return _step("no_grade_discount", _("No discount for grade %(grade)s.") % {"grade": grade or "—"})
    text = _("Grade %(grade)s discount %(percent)s → %(price)s.") % {
        "grade": grade, "percent": f"{percent:.1f} %", "price": format_cny(price)}
    return _step("grade_discount", text, price, percent=str(percent))


def _floor_step(price: Decimal, floor: Decimal | None, allow_below_floor: bool) -> dict | None:
    if floor is None:
        return _step("no_floor", _("No minimum market price is set for this product."))
    if price >= floor:
        return None
    if allow_below_floor:
        return _step("below_floor", _("Below the minimum market price %(floor)s: needs an approved price "
                                      "exception.") % {"floor": format_cny(floor)}, floor)
    return _step("floor_clamp", _("Raised to the minimum market price %(floor)s: nobody sells below it without "
                                  "an approved price exception.") % {"floor": format_cny(floor)}, floor)


def quote(*, tier: str, grade: str, quantity: Decimal, on: datetime.date, product: ProductFacts,
          versions, windows, grade_discounts: dict, allow_below_floor: bool = False) -> PriceQuote:
    """Resolve a unit price from the tier's and the floor's list versions, the windows and the grade table."""
    if quantity <= 0:
        raise ValidationError(_("Enter a quantity above zero."), code="invalid_quantity")
    version = in_force([v for v in versions if v.tier == tier], on)
    chosen = break_for(version.breaks, quantity) if version else None
    if chosen is None:
        raise ValidationError(_("There is no %(tier)s for this product on %(date)s.") % {
            "tier": PriceTier(tier).label, "date": on.isoformat()}, code="no_price")
    steps = _list_steps(tier, version, chosen)
    window = window_for(windows, on=on, tier=tier, product=product)
    price = apply_window(chosen.unit_price, window) if window else chosen.unit_price
    steps.append(_window_step(window, price))
    percent = grade_discount_percent(grade_discounts, grade)
    price = apply_discount(price, percent)
    steps.append(_grade_step(grade, percent, price))
    floor_version = in_force([v for v in versions if v.tier == PriceTier.FLOOR], on)
    floor_break = break_for(floor_version.breaks, quantity) if floor_version else None
    floor = floor_break.unit_price if floor_break else None
    below = floor is not None and price < floor
    floor_step = _floor_step(price, floor, allow_below_floor)
    if floor_step:
        steps.append(floor_step)
    clamped = below and not allow_below_floor
    unit_price = floor if clamped else price
    steps.append(_step("result", _("Unit price %(price)s × %(quantity)s = %(total)s.") % {
        "price": format_cny(unit_price), "quantity": f"{quantity.normalize():f}",
        "total": format_cny(unit_price * quantity)}, unit_price))
    return PriceQuote(tier=tier, grade=grade, product_id=product.id, quantity=quantity, on=on,
                      unit_price=unit_price, list_price=chosen.unit_price, floor_price=floor, below_floor=below,
                      clamped=clamped, explanation=steps)


# Steps that reveal the floor price; shown without the amount to roles without the confidential-prices right.
FLOOR_STEPS = {"floor_clamp", "below_floor", "no_floor"}


def without_confidential(quote: PriceQuote) -> PriceQuote:
    """The quote as a role without catalog.view_confidential_prices may see it: no floor amount anywhere."""
    generic = {
        "floor_clamp": _("Raised to the minimum market price: nobody sells below it without an approved price "
                         "exception."),
        "below_floor": _("Below the minimum market price: needs an approved price exception."),
        "no_floor": _("No minimum market price is set for this product."),
    }
    steps = [{**step, "text": generic[step["code"]], "amount": None} if step["code"] in FLOOR_STEPS else step
             for step in quote.explanation]
    return replace(quote, floor_price=None, explanation=steps)
