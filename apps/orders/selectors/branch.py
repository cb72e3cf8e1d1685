"""Reads of branch purchase requests; scoped by access_fulfilment.branch_requests_visible_to."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from apps.org import selectors as org_selectors

from ..access_fulfilment import branch_requests_visible_to
from ..models import BranchPurchaseRequest, BranchRequestOrder, DetailDeliveryNote

BRANCH = "branch"


def branch_of(user):
    """The branch company a user works in (their unit or its nearest branch ancestor), or None."""
    unit = org_selectors.unit_of(user)
    while unit is not None and unit.kind != BRANCH:
        unit = unit.parent
    return unit


def branches_for(user):
    return org_selectors.list_org_units_for(user).filter(kind=BRANCH, is_active=True).order_by("path")


def list_branch_requests_for(user, *, status: str = "", branch=None) -> QuerySet[BranchPurchaseRequest]:
    rows = (branch_requests_visible_to(user).select_related("branch")
            .annotate(order_count=Count("entries", distinct=True)))
    if status:
        rows = rows.filter(status=status)
    if branch is not None:
        rows = rows.filter(branch=branch)
    return rows.order_by("-business_date", "branch__path", "-id")


def get_branch_request_for(user, pk) -> BranchPurchaseRequest:
    entries = BranchRequestOrder.objects.select_related("order__customer").order_by("order__number")
    notes = DetailDeliveryNote.objects.select_related("customer").order_by("number")
    return get_object_or_404(
        branch_requests_visible_to(user).select_related("branch", "submitted_by", "master_issued_by")
        .prefetch_related(Prefetch("entries", queryset=entries), Prefetch("detail_notes", queryset=notes)), pk=pk)


def product_totals(request: BranchPurchaseRequest) -> list[dict]:
    """What the request asks head office for: quantity and amount per product over its orders."""
    from django.db.models import Sum

    from ..models import OrderLine

    return list(OrderLine.objects.filter(order__branch_request_entry__request=request)
                .values("product__sku", "product__name", "product__unit")
                .annotate(quantity=Sum("quantity"), amount=Sum("amount")).order_by("product__sku"))
