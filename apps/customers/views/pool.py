"""Public pool (公海) pages: the pool with claim buttons, my reclaim notices, releasing a customer, the pool tab."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.org import selectors as org_selectors
from core.parsing import parse_id
from core.phones import mask_phone

from .. import access
from ..choices import Grade
from ..models import Customer
from ..services import pool

PAGE_SIZE = 25


def _require_claim(user) -> None:
    if not access.can_claim(user):
        raise PermissionDenied


def _filters(request) -> dict:
    params = request.GET
    return {"region": parse_id(params.get("region")) or "", "grade": params.get("grade", ""),
            "industry": params.get("industry", ""), "search": params.get("q", "").strip()}


def _held(user) -> dict:
    return {"held": pool.private_count(user), "cap": pool.private_cap()}


@login_required
def pool_list(request):
    _require_claim(request.user)
    filters = _filters(request)
    page = Paginator(pool.list_pool_for(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": [(c, mask_phone(c.phone)) for c in page], "filters": filters,
               **_held(request.user)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "customers/pool/list.html#table", context)
    context |= {"regions": org_selectors.list_regions(), "grades": Grade.choices,
                "industries": pool.pool_industries(), "notice_count": len(pool.list_reclaim_notices_for(request.user))}
    return render(request, "customers/pool/list.html", context)


@login_required
@require_POST
def pool_claim(request, pk):
    _require_claim(request.user)
    customer = get_object_or_404(access.pool_visible_to(request.user), pk=pk)
    error = ""
    try:
        customer = pool.claim_customer(actor=request.user, customer=customer)
    except pool.PoolConflict as exc:
        error = exc.message
    if request.htmx:
        return render(request, "customers/pool/_claimed_row.html",
                      {"c": customer, "error": error, **_held(request.user)})
    if error:
        messages.error(request, error)
        return redirect("customers:pool")
    messages.success(request, _("%(name)s is now your customer.") % {"name": customer.name})
    return redirect("customers:detail", pk=customer.pk)


@login_required
def pool_notices(request):
    """My customers that will go to the pool unless followed up."""
    _require_claim(request.user)
    return render(request, "customers/pool/notices.html", {"notices": pool.list_reclaim_notices_for(request.user)})


@login_required
@require_POST
def pool_release(request, pk):
    customer = get_object_or_404(access.customers_visible_to(request.user), pk=pk)
    try:
        pool.release_customer(actor=request.user, customer=customer, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except pool.PoolConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s was released to the public pool.") % {"name": customer.name})
        if not access.customers_visible_to(request.user).filter(pk=pk).exists():
            return redirect("customers:pool")
    return redirect(reverse("customers:detail", args=[pk]) + "?tab=pool")


def pool_panel(request, customer: Customer) -> dict:
    """The customer-360 "pool" tab: where the customer stands, its moves, and the release form."""
    return {"customer": customer, "events": pool.pool_events_of(customer),
            "can_release": not customer.in_pool and pool.can_release(request.user, customer)}
