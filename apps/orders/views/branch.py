"""Branch purchase request pages: the list with today's request of the user's branch, and a request's detail
with its actions (submit, master note, detail notes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access_fulfilment
from ..choices_fulfilment import BranchRequestStatus
from ..selectors import branch as selectors
from ..services import branch as services
from .shipments import require, show_errors


@login_required
def branch_request_list(request):
    require(access_fulfilment.can_view_branch_requests(request.user))
    status = request.GET.get("status", "")
    branch = selectors.branch_of(request.user)
    today = services.request_date_for(timezone.now())
    context = {
        "page": Paginator(selectors.list_branch_requests_for(request.user, status=status), 25).get_page(
            request.GET.get("page")),
        "status": status, "statuses": BranchRequestStatus.choices, "branch": branch, "request_day": today,
        "pending": services.pending_orders(branch, today) if branch is not None else [],
        "can_collect": branch is not None and access_fulfilment.can_submit_branch_request(request.user),
        "cutoff": services.rule_values.value(services.CUTOFF_KEY),
    }
    return render(request, "orders/branch/list.html", context)


@login_required
@require_POST
def branch_request_collect(request):
    """Open (or refresh) today's request of the clerk's branch."""
    require(access_fulfilment.can_submit_branch_request(request.user))
    branch = selectors.branch_of(request.user)
    if branch is None:
        raise PermissionDenied
    row = services.collect_branch_request(actor=request.user, branch=branch)
    return redirect("orders:branch-request-detail", pk=row.pk)


@login_required
def branch_request_detail(request, pk):
    require(access_fulfilment.can_view_branch_requests(request.user))
    row = selectors.get_branch_request_for(request.user, pk)
    user = request.user
    context = {"req": row, "products": selectors.product_totals(row),
               "can_submit": access_fulfilment.can_submit_branch_request(user, row),
               "can_issue_master": access_fulfilment.can_issue_master_note(user, row),
               "can_issue_details": access_fulfilment.can_issue_detail_notes(user, row)}
    return render(request, "orders/branch/detail.html", context)


VERBS = {
    "submit": (access_fulfilment.can_submit_branch_request, services.submit_branch_request),
    "issue-master": (access_fulfilment.can_issue_master_note, services.issue_master_note),
    "issue-details": (access_fulfilment.can_issue_detail_notes, services.issue_detail_notes),
}


@login_required
@require_POST
def branch_request_action(request, pk, verb):
    if verb not in VERBS:
        raise PermissionDenied
    allowed, call = VERBS[verb]
    row = selectors.get_branch_request_for(request.user, pk)
    require(allowed(request.user, row))
    try:
        call(actor=request.user, request=row)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("orders:branch-request-detail", pk=row.pk)
