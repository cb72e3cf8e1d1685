"""Opportunity pages: list, kanban board (drag or pick a stage), funnel, detail and forms; writes via services."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.org import selectors as org_selectors
from core.history import history_for
from core.parsing import parse_day, parse_id

from .. import pipeline_workflow as workflow
from .. import selectors, services
from ..choices import OpportunityStage
from ..pipeline_forms import MoveForm, OpportunityForm


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (or on the form when the field is not shown)."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for name, errors in pairs:
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def hx_template(request, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template


def _filters(request, *, period: str = "close") -> dict:
    """Filters shared by the list, board and funnel: text, owner, region and a period (close or opened date)."""
    get = request.GET
    filters = {"search": get.get("q", "").strip(), "owner": parse_id(get.get("owner", "")),
               "region": parse_id(get.get("region", ""))}
    filters[f"{period}_from"] = parse_day(get.get("from"))
    filters[f"{period}_to"] = parse_day(get.get("to"))
    return filters


def _filter_context(request) -> dict:
    return {"owners": selectors.assignable_users_for(request.user), "regions": org_selectors.list_regions(),
            "query": request.GET}


def _rights(user) -> dict:
    return {"can_add": user.has_perm("customers.add_opportunity"),
            "can_change": user.has_perm("customers.change_opportunity")}


@login_required
def opportunity_list(request):
    require(request.user, "customers.view_opportunity")
    filters = _filters(request)
    stage = request.GET.get("stage", "")
    opportunities = selectors.list_opportunities_for(request.user, stage=stage, **filters)
    sort = request.GET.get("sort", "")
    opportunities = opportunities.order_by(*{"close": ["expected_close", "-id"], "amount": ["-amount", "-id"]}.get(
        sort, ["-updated_at", "-id"]))
    page = Paginator(opportunities, 25).get_page(request.GET.get("page"))
    context = {"page": page, "stages": OpportunityStage.choices, "stage": stage, "sort": sort,
               **_filter_context(request), **_rights(request.user)}
    return render(request, hx_template(request, "customers/pipeline/opportunity_list.html", "table"), context)


def _board_context(request, error: str = "") -> dict:
    return {"columns": selectors.board_for(request.user, **_filters(request)), "error": error,
            **_filter_context(request), **_rights(request.user)}


@login_required
def board(request):
    require(request.user, "customers.view_opportunity")
    return render(request, hx_template(request, "customers/pipeline/board.html", "columns"), _board_context(request))


def _position_before(user, before_id: int | None, stage: str) -> int | None:
    """The board position of the card the moved one was dropped above (None: the end of the column)."""
    if before_id is None:
        return None
    before = selectors.list_opportunities_for(user, stage=stage).filter(pk=before_id).first()
    return before.position if before is not None else None


@login_required
@require_POST
def opportunity_move(request, pk):
    """Move a card (drag and drop or the stage select); HTMX gets the board back, a form post the detail page."""
    require(request.user, "customers.change_opportunity")
    opportunity = selectors.get_opportunity_for(request.user, pk)
    form = MoveForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_opportunity(actor=request.user, opportunity=opportunity, stage=data["stage"],
                                      lost_reason=data["lost_reason"],
                                      position=_position_before(request.user, data["before"], data["stage"]))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        return render(request, "customers/pipeline/board.html#columns", _board_context(request, error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Stage changed."))
    return redirect("customers:opportunity-detail", pk=opportunity.pk)


@login_required
def funnel(request):
    require(request.user, "customers.view_opportunity")
    context = {"funnel": selectors.funnel_for(request.user, **_filters(request, period="opened")),
               **_filter_context(request)}
    return render(request, hx_template(request, "customers/pipeline/funnel.html", "report"), context)


@login_required
def opportunity_detail(request, pk):
    opportunity = selectors.get_opportunity_for(request.user, pk)
    tab = request.GET.get("tab", "overview")
    context = {
        "opportunity": opportunity, "tab": tab,
        "activities": selectors.list_activities_for(request.user).filter(opportunity=opportunity)[:50],
        "history": history_for(opportunity) if tab == "history" else [],
        "next_stages": workflow.stages_after(opportunity.stage), **_rights(request.user),
    }
    return render(request, "customers/pipeline/opportunity_detail.html", context)


@login_required
def opportunity_create(request):
    require(request.user, "customers.add_opportunity")
    initial = {"customer": parse_id(request.GET.get("customer", ""))}
    form = OpportunityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Opportunity %(name)s created.") % {"name": opportunity.name})
            return redirect("customers:opportunity-detail", pk=opportunity.pk)
    return render(request, "customers/pipeline/form.html", {"form": form, "title": _("New opportunity"),
                                                            "back": "customers:board"})


@login_required
def opportunity_edit(request, pk):
    require(request.user, "customers.change_opportunity")
    opportunity = selectors.get_opportunity_for(request.user, pk)
    initial = {f: getattr(opportunity, f) for f in ("name", "amount", "expected_close", "products", "source")}
    initial["owner"] = opportunity.owner_id
    form = OpportunityForm(request.POST or None, user=request.user, opportunity=opportunity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_opportunity(actor=request.user, opportunity=opportunity, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("customers:opportunity-detail", pk=opportunity.pk)
    return render(request, "customers/pipeline/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": opportunity.name}, "back_object": opportunity})
