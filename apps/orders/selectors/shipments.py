"""Reads of shipments; every one starts from the shipment scope (access_fulfilment)."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.models import Attachment

from ..access_fulfilment import shipments_visible_to
from ..models import Order, Shipment, ShipmentLine
from ..services.shipments import RECEIPT_KIND, remaining_for


def list_shipments_for(user, *, search: str = "", status: str = "", order=None, warehouse=None,
                       customer=None) -> QuerySet[Shipment]:
    rows = shipments_visible_to(user).select_related("order__customer", "warehouse")
    if search:
        rows = rows.filter(Q(number__icontains=search) | Q(tracking_number__icontains=search)
                           | Q(order__number__icontains=search) | Q(order__customer__name__icontains=search))
    if status:
        rows = rows.filter(status=status)
    if order is not None:
        rows = rows.filter(order=order)
    if warehouse is not None:
        rows = rows.filter(warehouse=warehouse)
    if customer is not None:
        rows = rows.filter(order__customer=customer)
    return rows.order_by("-created_at", "-id")


def get_shipment_for(user, pk) -> Shipment:
    lines = ShipmentLine.objects.select_related("product", "order_line").order_by("order_line__position", "id")
    return get_object_or_404(
        shipments_visible_to(user).select_related("order__customer", "order__partner", "warehouse", "dispatched_by")
        .prefetch_related(Prefetch("lines", queryset=lines)), pk=pk)


def shippable_lines(order: Order) -> list[dict]:
    """The order's lines with what remains to ship (the new-shipment form)."""
    return [{"line": line, "remaining": remaining_for(line)}
            for line in order.lines.select_related("product").order_by("position", "id")]


def receipt_attachments(shipment: Shipment) -> QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Shipment),
                                     object_id=shipment.pk, kind=RECEIPT_KIND)
