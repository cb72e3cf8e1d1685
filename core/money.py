"""Money is Decimal in CNY, rounded half-up to fen; never float."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_money(value) -> Decimal:
    """Coerce to a Decimal rounded to 0.01; floats are refused because they carry binary error."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a str, int or Decimal.")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def format_cny(value) -> str:
    """¥1,234.00"""
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
