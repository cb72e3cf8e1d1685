"""Activity logging (the customer-360 timeline), weekly visit plans and the rep's "my day" page."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.parsing import parse_day, parse_id

from .. import selectors, services
from ..choices import ActivityKind
from ..pipeline_forms import ActivityForm, VisitMoveForm, VisitPlanForm
from .pipeline import apply_errors, hx_template, require

TIMELINE_LENGTH = 30


# -- activities ----------------------------------------------------------------------------------------------


def activities_panel(request, customer, form: ActivityForm | None = None) -> dict:
    """Context of the customer-360 "activities" panel: the timeline and the inline "log activity" form."""
    user = request.user
    can_log = user.has_perm("customers.add_activity")
    return {
        "customer": customer, "can_log": can_log, "can_edit": user.has_perm("customers.change_activity"),
        "activities": list(selectors.list_activities_for(user, customer=customer)[:TIMELINE_LENGTH]),
        "form": form or (ActivityForm(user=user, customer=customer, prefix="activity") if can_log else None),
    }


def opportunities_panel(request, customer) -> dict:
    """Context of the customer-360 "opportunities" panel."""
    user = request.user
    return {"customer": customer, "can_add": user.has_perm("customers.add_opportunity"),
            "opportunities": list(selectors.list_opportunities_for(user, customer=customer)
                                  .order_by("-updated_at", "-id")[:50])}


@login_required
def activity_create(request, customer_pk):
    """Log an activity on a customer: the panel's inline form (HTMX) or a page of its own."""
    require(request.user, "customers.add_activity")
    customer = selectors.get_customer_for(request.user, customer_pk)
    form = ActivityForm(request.POST or None, user=request.user, customer=customer, prefix="activity")
    if request.method == "POST" and form.is_valid():
        try:
            services.log_activity(actor=request.user, customer=customer, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Activity logged."))
                return redirect(reverse("customers:detail", args=[customer.pk]) + "?tab=activities")
            form = None
    if request.htmx:
        return render(request, "customers/pipeline/panels/activities.html",
                      {"panel_ctx": activities_panel(request, customer, form)})
    return render(request, "customers/pipeline/form.html", {
        "form": form, "title": _("Log activity · %(name)s") % {"name": customer.name}, "back_customer": customer})


@login_required
def activity_edit(request, pk):
    require(request.user, "customers.change_activity")
    activity = selectors.get_activity_for(request.user, pk)
    initial = {f: getattr(activity, f) for f in ("kind", "subject", "outcome", "next_step", "remind_at",
                                                 "occurred_at", "contact", "opportunity")}
    form = ActivityForm(request.POST or None, user=request.user, customer=activity.customer, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(reverse("customers:detail", args=[activity.customer_id]) + "?tab=activities")
    return render(request, "customers/pipeline/form.html", {
        "form": form, "title": _("Edit activity"), "back_customer": activity.customer})


# -- visit plans ---------------------------------------------------------------------------------------------


def _week(request) -> tuple[datetime.date, object]:
    """The Monday of the asked week and whose plans to show (the user's own unless they may pick a rep)."""
    source = request.POST if request.method == "POST" else request.GET
    day = parse_day(source.get("week")) or timezone.localdate()
    owners = selectors.assignable_users_for(request.user)
    owner = owners.filter(pk=parse_id(source.get("owner", ""))).first() or request.user
    return selectors.monday_of(day), owner


def _week_context(request, monday, owner, form=None, error: str = "") -> dict:
    user = request.user
    return {
        "monday": monday, "owner": owner, "days": selectors.visit_week_for(user, owner=owner, monday=monday),
        "previous": monday - datetime.timedelta(days=7), "next": monday + datetime.timedelta(days=7),
        "owners": selectors.assignable_users_for(user), "error": error,
        "form": form or VisitPlanForm(user=user, initial={"planned_on": max(monday, timezone.localdate())}),
        "can_plan": user.has_perm("customers.add_visitplan"), "can_move": user.has_perm("customers.change_visitplan"),
        "can_remove": user.has_perm("customers.delete_visitplan"),
        "can_log": user.has_perm("customers.add_activity"),
    }


@login_required
def visit_week(request):
    require(request.user, "customers.view_visitplan")
    monday, owner = _week(request)
    return render(request, hx_template(request, "customers/pipeline/visit_week.html", "week"),
                  _week_context(request, monday, owner))


def _week_response(request, error: str = "", form=None):
    monday, owner = _week(request)
    if request.htmx:
        return render(request, "customers/pipeline/visit_week.html#week",
                      _week_context(request, monday, owner, form=form, error=error))
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('customers:visit-plans')}?week={monday:%Y-%m-%d}&owner={owner.pk}")


@login_required
@require_POST
def visit_add(request):
    require(request.user, "customers.add_visitplan")
    _monday, owner = _week(request)
    form = VisitPlanForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.plan_visit(actor=request.user, owner=owner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = None
    error = " ".join(e for errors in form.errors.values() for e in errors) if form is not None else ""
    return _week_response(request, error=error, form=form)


def _plan_action(request, pk, act) -> object:
    plan = selectors.get_visit_plan_for(request.user, pk)
    try:
        act(plan)
    except ValidationError as exc:
        return _week_response(request, error=" ".join(exc.messages))
    return _week_response(request)


@login_required
@require_POST
def visit_move(request, pk):
    require(request.user, "customers.change_visitplan")
    form = VisitMoveForm(request.POST)
    if not form.is_valid():
        return _week_response(request, error=_("Pick a day."))
    return _plan_action(request, pk, lambda plan: services.move_visit(
        actor=request.user, plan=plan, planned_on=form.cleaned_data["planned_on"]))


@login_required
@require_POST
def visit_remove(request, pk):
    require(request.user, "customers.delete_visitplan")
    return _plan_action(request, pk, lambda plan: services.remove_visit(actor=request.user, plan=plan))


@login_required
@require_POST
def visit_done(request, pk):
    """Mark a planned visit done by logging the visit itself."""
    require(request.user, "customers.add_activity")
    outcome, next_step = request.POST.get("outcome", "").strip(), request.POST.get("next_step", "").strip()

    def log(plan):
        services.log_activity(actor=request.user, customer=plan.customer, kind=ActivityKind.VISIT,
                              subject=plan.purpose or _("Visit to %(name)s") % {"name": plan.customer.name},
                              outcome=outcome, next_step=next_step, visit_plan=plan)

    return _plan_action(request, pk, log)


# -- my day --------------------------------------------------------------------------------------------------


@login_required
def my_day(request):
    require(request.user, "customers.view_activity")
    return render(request, "customers/pipeline/my_day.html", {"day": selectors.my_day_for(request.user)})
