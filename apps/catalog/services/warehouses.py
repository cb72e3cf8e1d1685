"""Writers of warehouses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Warehouse

WAREHOUSE_FIELDS = {"code", "name", "kind", "org_unit", "region", "address", "sort_order", "is_active"}


@transaction.atomic
def create_warehouse(*, actor, **fields) -> Warehouse:
    """Add a warehouse; a branch's warehouse takes the region of its org unit unless given one."""
    unknown = set(fields) - WAREHOUSE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    warehouse = Warehouse(**fields, created_by=actor, updated_by=actor)
    if warehouse.region_id is None and warehouse.org_unit is not None:
        warehouse.region_id = warehouse.org_unit.region_id
    warehouse.full_clean()
    warehouse.save()
    return warehouse


@transaction.atomic
def update_warehouse(*, actor, warehouse: Warehouse, **changes) -> Warehouse:
    """Rename, re-link or deactivate a warehouse (its ledger stays)."""
    unknown = set(changes) - WAREHOUSE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(warehouse, name, value)
    warehouse.updated_by = actor
    warehouse.full_clean()
    warehouse.save()
    return warehouse
