"""Lead pages: list, create, edit, and the actions contacted / assign / convert / disqualify."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.history import history_for
from core.parsing import parse_id

from .. import selectors, services
from ..choices import CustomerSource, LeadStatus
from ..pipeline_forms import AssignForm, ConvertForm, LeadForm
from .pipeline import apply_errors, hx_template, require

LEAD_STATUS_FILTERS = [(selectors.pipeline.OPEN_LEADS, gettext_lazy("Open")), *LeadStatus.choices,
                       ("", gettext_lazy("Any status"))]


def _can_convert(user) -> bool:
    return all(user.has_perm(p) for p in ("customers.change_lead", "customers.add_customer",
                                           "customers.add_opportunity"))


@login_required
def lead_list(request):
    require(request.user, "customers.view_lead")
    filters = {"search": request.GET.get("q", "").strip(), "status": request.GET.get("status", "open"),
               "owner": parse_id(request.GET.get("owner", "")), "source": request.GET.get("source", "")}
    page = Paginator(selectors.list_leads_for(request.user, **filters), 25).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "statuses": LEAD_STATUS_FILTERS, "sources": CustomerSource.choices,
               "owners": selectors.assignable_users_for(request.user),
               "can_add": request.user.has_perm("customers.add_lead")}
    return render(request, hx_template(request, "customers/pipeline/lead_list.html", "table"), context)


@login_required
def lead_create(request):
    require(request.user, "customers.add_lead")
    form = LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.create_lead(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Lead %(name)s recorded.") % {"name": lead})
            return redirect("customers:lead-detail", pk=lead.pk)
    return render(request, "customers/pipeline/form.html", {"form": form, "title": _("New lead"),
                                                            "back": "customers:leads"})


@login_required
def lead_edit(request, pk):
    require(request.user, "customers.change_lead")
    lead = selectors.get_lead_for(request.user, pk)
    initial = {f: getattr(lead, f) for f in services.pipeline.LEAD_FIELDS}
    form = LeadForm(request.POST or None, user=request.user, lead=lead, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lead(actor=request.user, lead=lead, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("customers:lead-detail", pk=lead.pk)
    return render(request, "customers/pipeline/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": lead}, "back_lead": lead})


@login_required
def lead_detail(request, pk):
    lead = selectors.get_lead_for(request.user, pk)
    user = request.user
    can_change = user.has_perm("customers.change_lead")
    context = {
        "lead": lead, "is_open": lead.status in (LeadStatus.NEW, LeadStatus.CONTACTED), "can_change": can_change,
        "can_convert": _can_convert(user), "assign_form": AssignForm(user=user, initial={"owner": lead.owner_id}),
        "convert_form": ConvertForm(), "history": history_for(lead),
    }
    return render(request, "customers/pipeline/lead_detail.html", context)


def _do_lead_action(request, lead, action: str) -> str:
    """Run one action on the lead; returns the success message or raises ValidationError."""
    user = request.user
    if action == "contacted":
        services.mark_lead_contacted(actor=user, lead=lead)
        return _("Marked as contacted.")
    if action == "assign":
        form = AssignForm(request.POST, user=user)
        if not form.is_valid():
            raise ValidationError(_("Pick the rep to hand the lead to."))
        services.assign_lead(actor=user, lead=lead, owner=form.cleaned_data["owner"])
        return _("Lead assigned.")
    if action == "disqualify":
        services.disqualify_lead(actor=user, lead=lead, reason=request.POST.get("reason", ""))
        return _("Lead disqualified.")
    if action == "convert":
        if not _can_convert(user):
            raise PermissionDenied
        form = ConvertForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        customer, _opportunity = services.convert_lead(actor=user, lead=lead, **form.cleaned_data)
        return _("Converted: customer %(name)s with a new opportunity.") % {"name": customer.name}
    raise PermissionDenied


@login_required
@require_POST
def lead_action(request, pk, action):
    require(request.user, "customers.change_lead")
    lead = selectors.get_lead_for(request.user, pk)
    try:
        messages.success(request, _do_lead_action(request, lead, action))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("customers:lead-detail", pk=lead.pk)
    if action == "convert":
        lead.refresh_from_db(fields=["opportunity"])
        return redirect("customers:opportunity-detail", pk=lead.opportunity_id)
    return redirect("customers:lead-detail", pk=lead.pk)
