"""Reads of 窜货 flags: the review queue and a partner's flags."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ..access_fulfilment import flags_visible_to
from ..models import CrossTerritoryFlag


def list_flags_for(user, *, outcome: str = "", source: str = "", partner=None, search: str = "",
                   pending: bool | None = None) -> QuerySet[CrossTerritoryFlag]:
    rows = flags_visible_to(user).select_related("partner__customer", "order", "shipment", "reviewed_by")
    if pending is True:
        rows = rows.filter(outcome="")
    elif pending is False:
        rows = rows.exclude(outcome="")
    if outcome:
        rows = rows.filter(outcome=outcome)
    if source:
        rows = rows.filter(source=source)
    if partner is not None:
        rows = rows.filter(partner=partner)
    if search:
        rows = rows.filter(Q(partner__customer__name__icontains=search) | Q(serial_no__icontains=search)
                           | Q(order__number__icontains=search) | Q(reference__icontains=search))
    return rows.order_by("-detected_at", "-id")


def get_flag_for(user, pk) -> CrossTerritoryFlag:
    return get_object_or_404(list_flags_for(user), pk=pk)


def flag_raised_by(*, source: str, reference: str) -> CrossTerritoryFlag | None:
    """The flag a report from another area raised (e.g. a service ticket, by its number), whoever asks: the caller
    shows only that there is one, and links to it through list_flags_for when the user may see it."""
    if not reference:
        return None
    return CrossTerritoryFlag.objects.filter(source=source, reference=reference).order_by("-detected_at", "-id").first()
