"""The only way a stock count's or a product's status changes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ProductStatus, StockCountStatus

S = StockCountStatus

TRANSITIONS = {
    S.DRAFT: {S.COUNTED},
    S.COUNTED: {S.APPROVED, S.REJECTED},
    S.REJECTED: {S.COUNTED},
    S.APPROVED: set(),
}

PRODUCT_TRANSITIONS = {
    ProductStatus.ACTIVE: {ProductStatus.RETIRED},
    ProductStatus.RETIRED: {ProductStatus.ACTIVE},
}

# Counted quantities may be entered or corrected only while the count is open.
EDITABLE = {S.DRAFT, S.REJECTED}


def can_transition(current: str, target: str) -> bool:
    return StockCountStatus(target) in TRANSITIONS[StockCountStatus(current)]


def transition(count, target: str) -> None:
    """Move a stock count to `target` or raise a translated ValidationError; the caller saves."""
    if not can_transition(count.status, target):
        raise ValidationError(
            _("A stock count cannot go from %(current)s to %(target)s.")
            % {"current": StockCountStatus(count.status).label, "target": StockCountStatus(target).label},
            code="invalid_transition",
        )
    count.status = target


def can_transition_product(current: str, target: str) -> bool:
    return ProductStatus(target) in PRODUCT_TRANSITIONS[ProductStatus(current)]


def transition_product(product, target: str) -> None:
    """Retire or reinstate a product, or raise a translated ValidationError; the caller saves."""
    if not can_transition_product(product.status, target):
        raise ValidationError(
            _("A product cannot go from %(current)s to %(target)s.")
            % {"current": ProductStatus(product.status).label, "target": ProductStatus(target).label},
            code="invalid_transition",
        )
    product.status = target
