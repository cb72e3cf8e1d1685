"""Sales plan pages: the plan list with the branch flow (submit → branch GM approval → consolidation), attainment
charts, the rebate page and the partner portal landing page."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog import selectors as catalog_selectors
from apps.channels import selectors as channel_selectors
from apps.org import selectors as org_selectors
from core.parsing import parse_day

from .. import access, access_money
from ..choices import PlanPeriod, PlanStatus
from ..models import PlanConsolidation
from ..selectors import plans as selectors
from ..selectors.receivables import credit_position
from ..selectors.statements import get_or_404
from ..services import plans as services
from ..workflow import StateConflict
from .statements import error_text, partial_or_page, require

BY_LABELS = {"branch": _("Branch / unit"), "region": _("Region"), "rep": _("Rep"), "product": _("Product line")}


def _new_plan_fields(post, user) -> dict:
    try:
        amount = Decimal(post.get("amount") or "0")
    except InvalidOperation as exc:
        raise ValidationError({"amount": _("Enter an amount.")}) from exc
    fields = {"period_kind": post.get("period_kind") or PlanPeriod.MONTH,
              "period_start": parse_day(post.get("period_start")), "amount": amount,
              "market": post.get("market", "").strip(), "notes": post.get("notes", "").strip()}
    if post.get("org_unit"):
        fields["org_unit"] = org_selectors.get_org_unit_for(user, post["org_unit"])
    if post.get("category"):
        fields["category"] = catalog_selectors.get_category_for(user, post["category"])
    return fields


@login_required
def plan_list(request):
    require(access_money.can_view_plans(request.user))
    if request.method == "POST":
        require(access_money.can_add_plan(request.user))
        try:
            services.create_plan(actor=request.user, **_new_plan_fields(request.POST, request.user))
            messages.success(request, _("Plan saved as a draft."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect("orders:plans")
    kind = request.GET.get("period_kind", "")
    start = parse_day(request.GET.get("start"))
    status = request.GET.get("status", "")
    plans = selectors.list_plans_for(request.user, period_kind=kind, start=start, status=status)
    user = request.user
    context = {"page": Paginator(plans, 30).get_page(request.GET.get("page")), "filters": {
        "period_kind": kind, "start": start, "status": status}, "kinds": PlanPeriod.choices,
        "statuses": PlanStatus.choices, "can_add": access_money.can_add_plan(user),
        "can_approve": access_money.can_approve_plan(user), "can_consolidate": access_money.can_consolidate_plans(user),
        "units": org_selectors.list_org_units_for(user).filter(kind__in=["branch", "department", "company"])
        if access_money.can_add_plan(user) else [],
        "categories": catalog_selectors.list_categories_for(user) if access_money.can_add_plan(user) else [],
        "consolidations": PlanConsolidation.objects.all()[:6] if access_money.can_consolidate_plans(user) else [],
        "next_month": (timezone.localdate().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)}
    return render(request, partial_or_page(request, "orders/money/plan_list.html", "table"), context)


@login_required
@require_POST
def plan_act(request, pk, verb):
    require(access_money.can_view_plans(request.user))
    plan = get_or_404(access_money.plans_visible_to(request.user), pk)
    try:
        if verb == "submit" and access_money.can_submit_plan(request.user, plan):
            services.submit_plan(actor=request.user, plan=plan)
        elif verb == "approve" and access_money.can_approve_plan(request.user, plan):
            services.approve_plan(actor=request.user, plan=plan, note=request.POST.get("note", ""))
        elif verb == "reject" and access_money.can_approve_plan(request.user, plan):
            services.reject_plan(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
        else:
            raise PermissionDenied
        messages.success(request, _("Plan updated."))
    except (StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect(request.POST.get("next") or "orders:plans")


@login_required
@require_POST
def plan_consolidate(request):
    require(access_money.can_consolidate_plans(request.user))
    raw = request.POST.get("month", "")
    month = parse_day(raw if len(raw) > 7 else f"{raw}-01") or timezone.localdate()
    try:
        consolidation = services.consolidate_month(actor=request.user, month=month)
        messages.success(request, _("%(month)s consolidated: %(n)d plans.")
                         % {"month": f"{consolidation.month:%Y-%m}", "n": consolidation.plans.count()})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("orders:plans")


@login_required
def attainment(request):
    require(access_money.can_view_sales_vs_plan(request.user))
    kind = request.GET.get("period_kind") or PlanPeriod.MONTH
    on = parse_day(request.GET.get("on")) or timezone.localdate()
    by = request.GET.get("by") if request.GET.get("by") in selectors.DIMENSIONS else "branch"
    result = selectors.attainment_for(request.user, kind=kind, on=on, by=by)
    context = {"result": result, "kind": kind, "on": on, "by": by, "kinds": PlanPeriod.choices,
               "dimensions": [(d, BY_LABELS[d]) for d in selectors.DIMENSIONS], "by_label": BY_LABELS[by]}
    return render(request, partial_or_page(request, "orders/money/attainment.html", "result"), context)


@login_required
def rebate_list(request):
    require(access_money.can_view_rebates(request.user))
    rebates = access_money.rebates_visible_to(request.user).select_related("partner__customer") \
        .prefetch_related("months")
    year = request.GET.get("year") or str(timezone.localdate().year)
    if year.isascii() and year.isdigit():
        rebates = rebates.filter(year=int(year))
    context = {"page": Paginator(rebates, 30).get_page(request.GET.get("page")), "year": year}
    return render(request, "orders/money/rebate_list.html", context)


@login_required
def portal(request):
    """The partner portal's landing page: its credit, quota, rebate and links to everything it does here."""
    if not access.is_partner_user(request.user):
        raise PermissionDenied
    partner_unit = org_selectors.partner_unit_of(request.user)
    statements = access_money.statements_visible_to(request.user)
    rebate = access_money.rebates_visible_to(request.user).filter(year=timezone.localdate().year).first()
    partner = channel_selectors.own_partner_of(request.user)
    context = {"partner": partner, "partner_unit": partner_unit,
               "credit": credit_position(partner.customer) if partner else None,
               "quota": selectors.quota_for(partner, timezone.localdate()) if partner else None,
               "quota_left": selectors.quota_remaining(partner, timezone.localdate()) if partner else None,
               "rebate": rebate, "open_statements": statements.filter(status="issued").count(),
               "latest_statement": statements.order_by("-period_end").first(),
               "open_returns": access_money.returns_visible_to(request.user).filter(
                   status__in=["requested", "inspected"]).count()}
    return render(request, "orders/money/portal.html", context)
