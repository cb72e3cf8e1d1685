"""Stock counts (盘点): snapshot the book, enter counted quantities, approve into count-difference movements."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbering import next_in_series

from .. import workflow
from ..choices import StockCountStatus
from ..models import StockCount, StockCountLine, StockLevel, Warehouse
from .stock import post_count_difference


def _next_number() -> str:
    """PD202611-001: a sequence per month (core's daily counter of the month's first day)."""
    month = timezone.localdate().replace(day=1)
    return f"PD{month:%Y%m}-{next_in_series('PD', month):03d}"


@transaction.atomic
def create_stock_count(*, actor, warehouse: Warehouse, products=None, note: str = "") -> StockCount:
    """Start a count of a warehouse: one line per product it holds (or the products given), book qty snapshotted."""
    levels = StockLevel.objects.filter(warehouse=warehouse).select_related("product")
    if products is not None:
        levels = levels.filter(product__in=products)
    book = {level.product_id: level.on_hand for level in levels}
    chosen = list(products) if products is not None else [level.product for level in levels]
    if not chosen:
        raise ValidationError({"warehouse": _("This warehouse holds nothing to count.")})
    count = StockCount.objects.create(number=_next_number(), warehouse=warehouse, note=note, created_by=actor,
                                      updated_by=actor)
    StockCountLine.objects.bulk_create(
        StockCountLine(count=count, product=product, system_qty=book.get(product.pk, Decimal("0")))
        for product in chosen
    )
    return count


def _lock(count: StockCount) -> StockCount:
    return StockCount.objects.select_for_update().get(pk=count.pk)


@transaction.atomic
def record_counts(*, actor, count: StockCount, counted: dict[int, Decimal | None]) -> StockCount:
    """Enter or correct counted quantities by line id while the count is open (draft or rejected)."""
    count = _lock(count)
    if count.status not in workflow.EDITABLE:
        raise ValidationError(_("Counted quantities can no longer be changed."), code="invalid_transition")
    lines = {line.pk: line for line in count.lines.all()}
    errors = {}
    for line_id, quantity in counted.items():
        line = lines.get(int(line_id))
        if line is None:
            errors[str(line_id)] = _("This line is not part of the count.")
        elif quantity is not None and Decimal(quantity) < 0:
            errors[str(line_id)] = _("A counted quantity cannot be negative.")
        else:
            line.counted_qty = None if quantity is None else Decimal(quantity)
    if errors:
        raise ValidationError({"lines": list(errors.values())})
    StockCountLine.objects.bulk_update(lines.values(), ["counted_qty"])
    count.updated_by = actor
    count.save(update_fields=["updated_by", "updated_at"])
    return count


@transaction.atomic
def submit_stock_count(*, actor, count: StockCount) -> StockCount:
    """Hand the count in for approval; every line needs a counted quantity."""
    count = _lock(count)
    workflow.transition(count, StockCountStatus.COUNTED)
    missing = count.lines.filter(counted_qty__isnull=True).count()
    if missing:
        raise ValidationError(_("%(n)s lines have no counted quantity yet.") % {"n": missing}, code="incomplete")
    count.submitted_at, count.submitted_by, count.updated_by = timezone.now(), actor, actor
    count.save(update_fields=["status", "submitted_at", "submitted_by", "updated_by", "updated_at"])
    return count


@transaction.atomic
def approve_stock_count(*, actor, count: StockCount, occurred_at=None) -> StockCount:
    """Approve the count: each difference is posted to the ledger as a count-difference movement."""
    count = _lock(count)
    workflow.transition(count, StockCountStatus.APPROVED)
    when = occurred_at or timezone.now()
    for line in count.lines.select_related("product"):
        if line.difference:
            post_count_difference(actor=actor, product=line.product, warehouse=count.warehouse,
                                  difference=line.difference, count=count, occurred_at=when)
    count.approved_at, count.approved_by, count.updated_by = when, actor, actor
    count.save(update_fields=["status", "approved_at", "approved_by", "updated_by", "updated_at"])
    return count


@transaction.atomic
def reject_stock_count(*, actor, count: StockCount, reason: str) -> StockCount:
    """Send the count back for recounting, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the count.")})
    count = _lock(count)
    workflow.transition(count, StockCountStatus.REJECTED)
    count.rejected_at, count.rejected_by, count.rejection_reason = timezone.now(), actor, reason
    count.updated_by = actor
    count.save(update_fields=["status", "rejected_at", "rejected_by", "rejection_reason", "updated_by",
                              "updated_at"])
    return count
