"""The branch/head-office daily cycle (domain.md §6): by the cut-off (default 14:00) a branch's clerk submits one
purchase request (采购申请单) carrying its customers' approved orders; head office issues the master delivery note
(总发货单); the branch clerk then issues a detail delivery note (明细发货单) per customer."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core import rules as rule_values
from core.calendars import get_calendar
from core.notify import notify

from .. import rules_fulfilment as rules
from .. import workflow_shipments as workflow
from ..choices import OrderStatus
from ..choices_fulfilment import BranchRequestStatus
from ..models import BranchPurchaseRequest, BranchRequestOrder, DetailDeliveryNote, Order
from .shipments import ShipmentConflict, next_number

CUTOFF_KEY = "orders.branch_request_cutoff"


def request_date_for(approved_at: datetime.datetime) -> datetime.date:
    """The working day whose request carries an order approved at `approved_at` (cut-off from the rules)."""
    day = timezone.localdate(approved_at)
    cutoff = rules.parse_clock(rule_values.value(CUTOFF_KEY, on=day))
    return rules.request_date_for(approved_at, cutoff, get_calendar().is_working_day)


def pending_orders(branch, business_date: datetime.date):
    """The branch's approved orders not yet on a request whose request day is `business_date` or earlier."""
    candidates = (Order.objects.filter(org_unit__path__startswith=branch.path, approved_at__isnull=False,
                                       branch_request_entry__isnull=True)
                  .exclude(status=OrderStatus.CANCELLED).select_related("customer").order_by("approved_at", "pk"))
    return [order for order in candidates if request_date_for(order.approved_at) <= business_date]


def _request_for(*, actor, branch, business_date: datetime.date) -> BranchPurchaseRequest:
    existing = BranchPurchaseRequest.objects.filter(branch=branch, business_date=business_date).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return BranchPurchaseRequest.objects.create(
                number=next_number("PR", business_date), branch=branch, business_date=business_date,
                created_by=actor, updated_by=actor)
    except IntegrityError:
        return BranchPurchaseRequest.objects.get(branch=branch, business_date=business_date)


@transaction.atomic
def collect_branch_request(*, actor, branch, business_date: datetime.date | None = None) -> BranchPurchaseRequest:
    """Open (or refresh) the branch's request for a working day with the orders due on it."""
    if branch.kind != "branch":
        raise ValidationError({"branch": _("Purchase requests are made by branch companies.")})
    business_date = business_date or request_date_for(timezone.now())
    request = _request_for(actor=actor, branch=branch, business_date=business_date)
    if request.status != BranchRequestStatus.OPEN:
        return request
    for order in pending_orders(branch, business_date):
        try:
            with transaction.atomic():
                BranchRequestOrder.objects.create(request=request, order=order)
        except IntegrityError:
            continue  # another request took it meanwhile
    _retotal(request)
    return request


def _retotal(request: BranchPurchaseRequest) -> None:
    total = sum((e.order.total_amount for e in request.entries.select_related("order")), Decimal(0))
    BranchPurchaseRequest.objects.filter(pk=request.pk).update(total_amount=total)
    request.total_amount = total


def _move(request: BranchPurchaseRequest, target: str) -> BranchPurchaseRequest:
    request = BranchPurchaseRequest.objects.select_for_update().get(pk=request.pk)
    try:
        workflow.transition_request(request, target)
    except ValidationError as exc:
        raise ShipmentConflict(exc.messages[0], code="invalid_transition") from exc
    return request


def _url(request: BranchPurchaseRequest) -> str:
    return reverse("orders:branch-request-detail", args=[request.pk])


@transaction.atomic
def submit_branch_request(*, actor, request: BranchPurchaseRequest) -> BranchPurchaseRequest:
    """The branch clerk sends the day's request to head office (refreshed with the orders due first)."""
    collect_branch_request(actor=actor, branch=request.branch, business_date=request.business_date)
    request = _move(request, BranchRequestStatus.SUBMITTED)
    if not request.entries.exists():
        raise ValidationError({"orders": _("There are no approved orders to request.")}, code="empty_request")
    request.submitted_at, request.submitted_by, request.updated_by = timezone.now(), actor, actor
    request.save(update_fields=["status", "submitted_at", "submitted_by", "updated_by", "updated_at"])
    notify(org_selectors.users_with_role("hq_clerk"), url=_url(request),
           title=_("Purchase request %(number)s from %(branch)s") % {"number": request.number,
                                                                      "branch": request.branch.display_name})
    return request


@transaction.atomic
def issue_master_note(*, actor, request: BranchPurchaseRequest) -> BranchPurchaseRequest:
    """Head office issues the master delivery note (总发货单) for a submitted request."""
    request = _move(request, BranchRequestStatus.MASTER_ISSUED)
    request.master_note_number = next_number("MDN", timezone.localdate())
    request.master_issued_at, request.master_issued_by, request.updated_by = timezone.now(), actor, actor
    request.save(update_fields=["status", "master_note_number", "master_issued_at", "master_issued_by",
                                "updated_by", "updated_at"])
    clerks = get_user_model().objects.filter(pk__in=org_selectors.users_with_role("branch_clerk").values("pk"),
                                             employee__org_unit__path__startswith=request.branch.path)
    notify(clerks, url=_url(request), title=_("Master delivery note %(number)s issued for %(request)s")
           % {"number": request.master_note_number, "request": request.number})
    return request


@transaction.atomic
def issue_detail_notes(*, actor, request: BranchPurchaseRequest) -> list[DetailDeliveryNote]:
    """The branch clerk issues one detail delivery note (明细发货单) per customer of the request."""
    request = _move(request, BranchRequestStatus.DETAILS_ISSUED)
    by_customer: dict = defaultdict(Decimal)
    customers = {}
    for entry in request.entries.select_related("order__customer"):
        by_customer[entry.order.customer_id] += entry.order.total_amount
        customers[entry.order.customer_id] = entry.order.customer
    now, today = timezone.now(), timezone.localdate()
    notes = [DetailDeliveryNote.objects.create(request=request, number=next_number("DN", today),
                                               customer=customers[cid], amount=amount, issued_at=now,
                                               issued_by=actor)
             for cid, amount in sorted(by_customer.items())]
    request.details_issued_at, request.updated_by = now, actor
    request.save(update_fields=["status", "details_issued_at", "updated_by", "updated_at"])
    return notes
