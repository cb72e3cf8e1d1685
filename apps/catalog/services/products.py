"""Writers of the product catalogue: categories (a tree) and products."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import trees

from .. import workflow
from ..choices import ProductStatus
from ..models import Category, Product

PRODUCT_FIELDS = {"sku", "name", "model", "category", "unit", "weight_kg", "warranty_months", "is_serial_tracked",
                  "is_spare_part", "reorder_level", "launched_on", "description"}


@transaction.atomic
def create_category(*, actor, code: str, name: str, parent: Category | None = None, sort_order: int = 0) -> Category:
    """Add a category under `parent` (or at the top)."""
    category = Category(code=code, name=name, parent=parent, sort_order=sort_order, created_by=actor,
                        updated_by=actor)
    category.full_clean(exclude=["path"])
    trees.save_new_node(category)
    return category


@transaction.atomic
def update_category(*, actor, category: Category, **changes) -> Category:
    """Rename or move a category; moving rewrites the paths of its whole subtree."""
    new_parent = changes.pop("parent", category.parent)
    for name, value in changes.items():
        setattr(category, name, value)
    category.updated_by = actor
    trees.move_node(category, new_parent,
                    cycle_error=_("A category cannot be moved under itself or its own sub-category."))
    category.full_clean(exclude=["path"])
    category.save()
    return category


def _check_fields(changes: dict) -> None:
    unknown = set(changes) - PRODUCT_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})


@transaction.atomic
def create_product(*, actor, **fields) -> Product:
    """Add a product (active from its launch date)."""
    _check_fields(fields)
    product = Product(**fields, created_by=actor, updated_by=actor)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def update_product(*, actor, product: Product, **changes) -> Product:
    """Change a product's details; the status changes only by retiring or reinstating."""
    _check_fields(changes)
    for name, value in changes.items():
        setattr(product, name, value)
    product.updated_by = actor
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def retire_product(*, actor, product: Product, retired_on: datetime.date | None = None) -> Product:
    """Take a product off sale from a date on (no price is quoted after it)."""
    workflow.transition_product(product, ProductStatus.RETIRED)
    product.retired_on = retired_on or timezone.localdate()
    if product.launched_on and product.retired_on < product.launched_on:
        raise ValidationError({"retired_on": _("A product cannot retire before its launch.")})
    product.updated_by = actor
    product.save(update_fields=["status", "retired_on", "updated_by", "updated_at"])
    return product


@transaction.atomic
def reinstate_product(*, actor, product: Product) -> Product:
    """Put a retired product back on sale."""
    workflow.transition_product(product, ProductStatus.ACTIVE)
    product.retired_on = None
    product.updated_by = actor
    product.save(update_fields=["status", "retired_on", "updated_by", "updated_at"])
    return product
