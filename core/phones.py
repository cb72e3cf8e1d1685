"""Phone numbers: stored as E.164 (CN by default), shown masked (138****5678) to roles without the right."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "CN"


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """'138 1234 5678' -> '+8613812345678'; raises ValidationError for something that is not a phone number."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Enter a valid phone number."), code="invalid_phone") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(_("Enter a valid phone number."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(phone: str) -> str:
    """The number as dialled inside its country: '+8613812345678' -> '13812345678'."""
    if phone.startswith("+86"):
        return phone[3:]
    return phone.lstrip("+")


def mask_phone(phone: str) -> str:
    """'+8613812345678' -> '138****5678'; short numbers keep only their last two digits."""
    digits = national_digits(phone or "")
    if not digits:
        return ""
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * (len(digits) - 2) + digits[-2:]


def display_phone(phone: str, *, full: bool) -> str:
    return national_digits(phone or "") if full else mask_phone(phone)
