"""Partner applications: list, form with evidence uploads, and the approval screen with the checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import divisions

from .. import access, selectors, services
from ..choices import ApplicationStatus, PartnerTier
from ..forms import ApplicationForm, ApproveForm, DocumentForm, ReasonForm
from ..models import PartnerApplication
from .common import apply_errors, partial_or_page, require


def _can_list(user) -> bool:
    return access.can_view_applications(user) and not access.is_partner_user(user)


@login_required
def application_list(request):
    require(_can_list, request.user)
    filters = {"status": request.GET.get("status", ""), "tier": request.GET.get("tier", ""),
               "search": request.GET.get("q", "").strip(), "awaiting_me": request.GET.get("awaiting") == "1"}
    applications = selectors.list_applications_for(request.user, **filters)
    context = {"page": Paginator(applications, 25).get_page(request.GET.get("page")), "filters": filters,
               "statuses": ApplicationStatus.choices, "tiers": PartnerTier.choices,
               "can_apply": access.can_apply(request.user),
               "can_approve": access.holds_approval_right(request.user)}
    return render(request, partial_or_page(request, "channels/application_list.html", "table"), context)


@login_required
def application_create(request):
    require(access.can_apply, request.user)
    initial = {"customer": request.GET.get("customer"), "tier": request.GET.get("tier", PartnerTier.TRIAL_DISTRIBUTOR)}
    form = ApplicationForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(
                actor=request.user, customer=form.cleaned_data["customer"], tier=form.cleaned_data["tier"],
                documents=form.documents(), **form.criteria())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Application submitted; the market-development manager has been told."))
            return redirect("channels:application-detail", pk=application.pk)
    return render(request, "channels/application_form.html", {"form": form})


def _reviewer_checks(application: PartnerApplication) -> list[str]:
    return selectors.thresholds_for(application.tier, timezone.localdate(application.submitted_at)).get(
        "reviewer_checks", [])


@login_required
def application_detail(request, pk):
    require(_can_list, request.user)
    application = selectors.get_application_for(request.user, pk)
    user = request.user
    evaluation = selectors.evaluation_for(application)
    context = {
        "application": application, "evaluation": evaluation,
        # the reviewer's own checks can still be ticked on the form; anything else failing blocks approval
        "approve_blocked": any(not c.code.startswith("check:") for c in evaluation.failed),
        "steps": application.steps.select_related("actor"), "documents": selectors.attachments_of(application),
        "can_decide": access.can_decide_now(user, application),
        "approve_form": ApproveForm(checks=_reviewer_checks(application),
                                    initial_checks=application.reviewer_checks),
        "reject_form": ReasonForm(), "document_form": DocumentForm(),
        "can_add_documents": access.can_apply(user) and application.status in access.STEP_OF_STATUS,
        "territory_names": [divisions.name(code) for code in application.territory_codes],
    }
    return render(request, "channels/application_detail.html", context)


@login_required
@require_POST
def application_decide(request, pk, decision):
    """approve or reject the current step of the approval chain."""
    application = selectors.get_application_for(request.user, pk)
    require(access.holds_approval_right, request.user)
    try:
        if decision == "approve":
            form = ApproveForm(request.POST, checks=_reviewer_checks(application))
            form.is_valid()
            application = services.approve_application(
                actor=request.user, application=application, comment=form.cleaned_data.get("comment", ""),
                checks=form.checks())
            messages.success(request, _("Approved: %(status)s.") % {"status": application.get_status_display()})
        elif decision == "reject":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.reject_application(actor=request.user, application=application, reason=reason)
            messages.success(request, _("Application rejected."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("channels:application-detail", pk=application.pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    application = selectors.get_application_for(request.user, pk)
    require(access.can_apply, request.user)
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a kind and a file."))
        services.attach_evidence(actor=request.user, application=application, kind=form.cleaned_data["kind"],
                                 upload=form.cleaned_data["file"])
        messages.success(request, _("Document attached."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("channels:application-detail", pk=application.pk)
