"""Managing the archive as a whole: duplicates review and merge, hand-over between reps, composition analysis."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, selectors, services
from ..forms import HandoverForm
from .archive import PAGE_SIZE, apply_errors, require


@login_required
def duplicates(request):
    """Customers flagged at creation as possible duplicates, to merge or to clear."""
    require(access.can_view_customers, request.user)
    flagged = selectors.list_flagged_duplicates_for(request.user)
    page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_merge": access.can_merge(request.user)}
    template = "customers/duplicates.html#table" if request.htmx else "customers/duplicates.html"
    return render(request, template, context)


@login_required
@require_POST
def merge(request, pk):
    """Fold the posted `duplicate` into customer `pk`."""
    require(access.can_merge, request.user)
    keep = selectors.get_customer_for(request.user, pk)
    duplicate = selectors.get_customer_for(request.user, request.POST.get("duplicate", ""))
    try:
        services.merge_customers(actor=request.user, keep=keep, duplicate=duplicate)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(duplicate)s was merged into %(keep)s.")
                         % {"duplicate": duplicate.name, "keep": keep.name})
    return redirect("customers:detail", pk=keep.pk)


@login_required
@require_POST
def dismiss_duplicate(request, pk):
    """Clear the "possible duplicate" flag of customer `pk`: reviewed, it is a different customer."""
    require(access.can_merge, request.user)
    customer = selectors.get_customer_for(request.user, pk)
    services.dismiss_duplicate(actor=request.user, customer=customer)
    messages.success(request, _("%(name)s is no longer flagged as a duplicate.") % {"name": customer.name})
    return redirect("customers:duplicates")


def _handover_preview(user, from_owner) -> dict | None:
    if from_owner is None:
        return None
    customers = access.customers_visible_to(user).filter(owner=from_owner.user)
    return {"count": customers.count(), "sample": customers.order_by("name_pinyin")[:10]}


@login_required
def handover(request):
    """Hand a rep's customers to another rep: choose both, see how many move, confirm."""
    require(access.can_reassign, request.user)
    if request.method == "POST":
        form = HandoverForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = services.hand_over_customers(
                    actor=request.user, from_owner=data["from_owner"].user, to_owner=data["to_owner"].user,
                    customers=access.customers_visible_to(request.user), reason=data["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(count)s customers handed over to %(name)s.")
                                 % {"count": moved, "name": data["to_owner"].name})
                return redirect("customers:handover")
        from_owner = form.cleaned_data.get("from_owner")
    else:
        form = HandoverForm(user=request.user, initial=request.GET.dict())
        from_owner = form.chosen("from_owner")
    context = {"form": form, "preview": _handover_preview(request.user, from_owner)}
    template = "customers/handover.html#preview" if request.htmx else "customers/handover.html"
    return render(request, template, context)


def _chart(by: str, rows: list[dict], metric: str) -> dict:
    values = [float(r["revenue"] or 0) if metric == "revenue" else r["count"] for r in rows]
    kind = "pie" if by in {"kind", "grade"} else "hbar"
    return {"type": kind, "labels": [r["label"] for r in rows], "values": values}


@login_required
def composition(request):
    """Counts and annual purchase of the user's customers by kind, grade, region, industry and source."""
    require(access.can_view_customers, request.user)
    metric = "revenue" if request.GET.get("metric") == "revenue" else "count"
    sections = []
    for by, label in selectors.DIMENSIONS.items():
        rows = selectors.composition_for(request.user, by)
        total = sum(r["count"] for r in rows) or 1
        revenue = sum((r["revenue"] or Decimal(0) for r in rows), start=Decimal(0))
        for row in rows:
            row["share"] = row["count"] * 100 / total
        sections.append({"by": by, "label": label, "rows": rows, "chart": _chart(by, rows, metric),
                         "count": sum(r["count"] for r in rows), "revenue": revenue})
    context = {"sections": sections, "metric": metric}
    template = "customers/composition.html#charts" if request.htmx else "customers/composition.html"
    return render(request, template, context)
