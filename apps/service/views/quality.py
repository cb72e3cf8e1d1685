"""QA evaluation pages: the list with monthly averages (an agent sees only their own), the monthly sample, the
score sheet, and the evaluation forms' editor."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import rules as rule_data
from core.parsing import parse_id

from .. import selectors as ticket_selectors
from ..choices import QAEvaluationStatus
from ..quality import access, rules, selectors
from ..quality.forms import SampleForm, ScoreForm, TemplateForm, posted_items
from ..services import quality as services
from .common import apply_errors, require

PAGE_SIZE = 50
AVERAGE_MONTHS = 12


def _sample_form(request, data=None) -> SampleForm:
    return SampleForm(data, templates=selectors.list_templates_for(request.user, active_only=True),
                      teams=ticket_selectors.work_units_for(request.user))


@login_required
def qa_list(request):
    """Evaluations the user may see, filtered by month, agent and status, with the monthly averages."""
    user = request.user
    require(access.can_view_evaluations(user))
    get = request.GET
    period = rules.parse_period(get.get("period", ""))
    agent_id = parse_id(get.get("agent", "")) if access.can_see_team_evaluations(user) else None
    status = get.get("status", "")
    evaluations = selectors.list_evaluations_for(user, period=period, agent_id=agent_id, status=status)
    page = Paginator(evaluations, PAGE_SIZE).get_page(get.get("page"))
    since = rules.month_start(timezone.localdate())
    for _month in range(AVERAGE_MONTHS - 1):
        since = rules.previous_month(since)
    context = {
        "page": page, "get": get, "period": period, "status_choices": QAEvaluationStatus.choices,
        "averages": selectors.period_averages_for(user, since=since, agent_id=agent_id),
        "agents": selectors.agents_in_scope_for(user) if access.can_see_team_evaluations(user) else [],
        "sees_team": access.can_see_team_evaluations(user), "can_sample": access.can_sample(user),
        "can_edit_forms": access.can_edit_templates(user),
        "sample_form": _sample_form(request) if access.can_sample(user) else None,
        "sample_size": rule_data.value(services.SAMPLE_SIZE_RULE),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/quality/evaluations.html#table", context)
    return render(request, "service/quality/evaluations.html", context)


@login_required
@require_POST
def qa_sample(request):
    """Draw the month's random sample of resolved tickets per agent."""
    require(access.can_sample(request.user))
    form = _sample_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("service:qa-list")
    data = form.cleaned_data
    try:
        created = services.sample_tickets(actor=request.user, period=data["period"], template=data["template"],
                                          size=data["size"], team=data["team"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("service:qa-list")
    if created:
        messages.success(request, _("%(count)s tickets sampled for %(month)s.")
                         % {"count": len(created), "month": f"{data['period']:%Y-%m}"})
    else:
        messages.info(request, _("Nothing new to sample: every agent has the sample for %(month)s or no more "
                                 "resolved tickets.") % {"month": f"{data['period']:%Y-%m}"})
    query = urlencode({"period": f"{data['period']:%Y-%m}", "status": QAEvaluationStatus.PENDING})
    return redirect(f"{reverse('service:qa-list')}?{query}")


@login_required
def qa_detail(request, pk):
    """An evaluation: the ticket in brief, the item scores; the score sheet for evaluators."""
    evaluation = selectors.get_evaluation_for(request.user, pk)
    can_score = access.can_score(request.user, evaluation)
    items = selectors.active_items(evaluation.template) if can_score else []
    form = ScoreForm(request.POST or None, items=items, evaluation=evaluation) if can_score else None
    if request.method == "POST":
        require(can_score)
        if form.is_valid():
            try:
                services.score_evaluation(actor=request.user, evaluation=evaluation, scores=form.scores(),
                                          comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                apply_errors(form, _item_errors(exc))
            else:
                messages.success(request, _("Evaluation scored."))
                return redirect("service:qa-detail", pk=evaluation.pk)
    return render(request, "service/quality/evaluation_detail.html", {
        "evaluation": evaluation, "form": form, "can_score": can_score,
        "scores": list(evaluation.scores.all()),
        "ticket_visible": ticket_selectors.tickets_visible_to(request.user).filter(pk=evaluation.ticket_id).exists(),
    })


def _item_errors(exc: ValidationError) -> ValidationError:
    """The service names items "item-<id>"; the form's fields are "points_<id>"."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({key.replace("item-", "points_"): errors for key, errors in exc.message_dict.items()})


# -- evaluation forms -----------------------------------------------------------------------------------------

@login_required
def form_list(request):
    require(access.can_view_evaluations(request.user))
    return render(request, "service/quality/forms.html", {
        "templates": selectors.list_templates_for(request.user), "can_edit": access.can_edit_templates(request.user)})


BLANK_ROWS = 3


@login_required
def form_edit(request, pk=None):
    """Create or edit an evaluation form and its items (blank rows add items; a cleared row removes one)."""
    require(access.can_edit_templates(request.user))
    template = selectors.get_template_for(request.user, pk) if pk else None
    initial = {"name": template.name, "description": template.description,
               "is_active": template.is_active} if template else None
    form = TemplateForm(request.POST or None, initial=initial)
    items = ([{"id": i.pk, "name": i.name, "description": i.description, "max_points": i.max_points,
               "weight": i.weight} for i in selectors.active_items(template)] if template else [])
    errors = []
    if request.method == "POST":
        items = posted_items(request.POST)
        if form.is_valid():
            try:
                saved = services.save_template(actor=request.user, template=template, items=items, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, ValidationError({k: v for k, v in exc.message_dict.items() if k in form.fields})
                             if hasattr(exc, "error_dict") else exc)
                errors = [e for k, v in getattr(exc, "message_dict", {}).items() if k not in form.fields for e in v]
            else:
                messages.success(request, _("Evaluation form saved."))
                return redirect("service:qa-form-edit", pk=saved.pk)
    return render(request, "service/quality/form_edit.html", {
        "form": form, "template": template, "items": items, "blank_rows": range(BLANK_ROWS), "item_errors": errors,
        "max_total": sum((_number(i["max_points"]) for i in items), Decimal(0))})


def _number(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)
