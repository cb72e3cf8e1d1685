from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import format_cny, to_money
from core.phones import mask_phone, normalize_phone


def test_money_rounds_half_up_to_fen_and_refuses_floats():
    assert to_money("1.005") == Decimal("1.01")
    with pytest.raises(TypeError):
        to_money(1.5)


def test_money_formats_as_yuan_with_thousands():
    assert format_cny("1234") == "¥1,234.00"
    assert format_cny(Decimal("-5.5")) == "-¥5.50"


@pytest.mark.parametrize("raw", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678"])
def test_phones_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+8613812345678"


def test_landline_with_area_code_normalises():
    assert normalize_phone("010-62345678") == "+861062345678"


def test_nonsense_phone_is_a_validation_error():
    with pytest.raises(ValidationError):
        normalize_phone("call me")


def test_masking_keeps_first_three_and_last_four():
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_phone("") == ""
