"""Partner pages: list, detail with its tabs, profile edit, lifecycle actions, territory, documents, logins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.customers.selectors.channels import partner_company_contacts
from core import divisions
from core.history import history_for
from core.registry import record_panels_for

from .. import access, selectors, services
from ..choices import PartnerStage, PartnerTier
from ..forms import AuthorisationForm, PartnerForm, PortalLoginForm, PromoteForm, ReasonForm, TerritoryForm
from ..models import Partner, PartnerApplication
from .common import apply_errors, partial_or_page, require

TABS = ["overview", "territory", "timeline", "scorecards", "applications", "contacts", "users", "history"]
PARTNER_USER_TABS = ["overview", "territory", "contacts"]


def _to_tab(partner: Partner, tab: str):
    return redirect(reverse("channels:partner-detail", args=[partner.pk]) + f"?tab={tab}")


def _filters(request) -> dict:
    return {"search": request.GET.get("q", "").strip(), "tier": request.GET.get("tier", ""),
            "stage": request.GET.get("stage", ""), "province_code": request.GET.get("province", "")}


@login_required
def partner_list(request):
    require(access.can_view_partners, request.user)
    filters = _filters(request)
    partners = selectors.list_partners_for(request.user, **filters)
    context = {
        "page": Paginator(partners, 25).get_page(request.GET.get("page")), "filters": filters,
        "tiers": PartnerTier.choices, "stages": PartnerStage.choices, "provinces": selectors.provinces(),
        "stage_counts": selectors.stage_counts_for(request.user), "can_apply": access.can_apply(request.user),
    }
    return render(request, partial_or_page(request, "channels/partner_list.html", "table"), context)


def _tabs_for(user) -> list[str]:
    if access.is_partner_user(user):
        return PARTNER_USER_TABS
    hidden = {"timeline": not access.can_view_events(user), "scorecards": not access.can_view_scorecards(user),
              "applications": not access.can_view_applications(user),
              "contacts": not user.has_perm("customers.view_contact")}
    return [tab for tab in TABS if not hidden.get(tab)]


def _tab_context(request, partner: Partner, tab: str) -> dict:
    user = request.user
    if tab == "territory":
        return {"territories": access.territories_visible_to(user).filter(partner=partner),
                "territory_form": TerritoryForm()}
    if tab == "timeline":
        return {"events": selectors.timeline_for(user, partner)}
    if tab == "scorecards":
        return {"scorecards": selectors.list_scorecards_for(user, partner=partner)}
    if tab == "applications":
        return {"applications": selectors.list_applications_for(user).filter(partner=partner)}
    if tab in {"contacts", "users"}:
        return {"contacts": partner_company_contacts(partner.customer),
                "logins": access.portal_logins_visible_to(user).filter(partner=partner).select_related(
                    "user__employee", "contact")}
    if tab == "history":
        return {"history": history_for(partner)}
    return {"documents": selectors.authorisation_documents(partner), "authorisation_form": AuthorisationForm(),
            "sub_partners": access.partners_visible_to(user).filter(parent=partner).select_related("customer")}


@login_required
def partner_detail(request, pk):
    require(access.can_open_partner, request.user)
    partner = selectors.get_partner_for(request.user, pk)
    tabs = _tabs_for(request.user)
    # Higher apps (orders: 窜货 flags) add tabs through core.registry, so channels need not know them.
    panels = record_panels_for("channels.partner", request.user)
    tab = request.GET.get("tab", "overview")
    panel = next((p for p in panels if p.key == tab), None)
    tab = tab if tab in tabs or panel is not None else "overview"
    user = request.user
    context = {
        "partner": partner, "tab": tab, "tabs": tabs, "panels": panels, "panel": panel,
        "panel_ctx": panel.context(request, partner) if panel is not None else {},
        "can_edit": access.can_edit_partner(user),
        "can_change_status": access.can_change_status(user), "can_edit_territory": access.can_edit_territory(user),
        "can_grant_login": access.can_grant_portal_login(user), "can_apply": access.can_apply(user),
        "open_application": selectors.open_application_of(partner.customer),
        "pending_promotion": selectors.pending_promotion_of(partner),
        "latest_score": selectors.list_scorecards_for(user, partner=partner).filter(total__isnull=False).first(),
        **_tab_context(request, partner, tab),
    }
    return render(request, "channels/partner_detail.html", context)


def _profile_initial(partner: Partner) -> dict:
    return {"grade": partner.grade, "special": partner.special, "exclusive": partner.exclusive,
            "authorised_products": "\n".join(partner.authorised_products), "authorised_from": partner.authorised_from,
            "authorised_until": partner.authorised_until, "credit_limit": partner.credit_limit,
            "payment_term_days": partner.payment_term_days, "parent": partner.parent, "office": partner.office}


@login_required
def partner_edit(request, pk):
    require(access.can_edit_partner, request.user)
    partner = selectors.get_partner_for(request.user, pk)
    form = PartnerForm(request.POST or None, user=request.user, partner=partner, initial=_profile_initial(partner))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("channels:partner-detail", pk=partner.pk)
    return render(request, "channels/partner_form.html", {"form": form, "partner": partner})


def _lifecycle(request, partner: Partner, action: str) -> str:
    """Run a lifecycle action from the detail page; returns the success message."""
    if action == "promote":
        form = PromoteForm(request.POST)
        tier = form.cleaned_data["tier"] if form.is_valid() else ""
        partner = services.promote_partner(actor=request.user, partner=partner, tier=tier)
        return _("%(name)s is now: %(stage)s.") % {"name": partner.name, "stage": partner.get_stage_display()}
    if action == "resume":
        services.resume_partner(actor=request.user, partner=partner, reason=request.POST.get("reason", ""))
        return _("Suspension lifted.")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if action == "suspend":
        services.suspend_partner(actor=request.user, partner=partner, reason=reason)
        return _("Partner suspended.")
    if action == "terminate":
        services.terminate_partner(actor=request.user, partner=partner, reason=reason)
        return _("Partner terminated.")
    raise Http404


@login_required
@require_POST
def partner_action(request, pk, action):
    """suspend, resume, terminate or promote, from the detail page."""
    partner = selectors.get_partner_for(request.user, pk)
    require(access.can_change_status, request.user)
    try:
        messages.success(request, _lifecycle(request, partner, action))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("channels:partner-detail", pk=partner.pk)


@login_required
@require_POST
def territory_add(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    require(access.can_edit_territory, request.user)
    form = TerritoryForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a province."))
        services.add_territory(actor=request.user, partner=partner, **form.cleaned_data)
        messages.success(request, _("Territory added."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _to_tab(partner, "territory")


@login_required
@require_POST
def territory_delete(request, pk, territory_pk):
    partner = selectors.get_partner_for(request.user, pk)
    require(access.can_edit_territory, request.user)
    territory = access.territories_visible_to(request.user).filter(partner=partner, pk=territory_pk).first()
    if territory is None:
        raise Http404
    services.remove_territory(actor=request.user, territory=territory)
    messages.success(request, _("Territory removed."))
    return _to_tab(partner, "territory")


@login_required
@require_POST
def authorisation_upload(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    require(access.can_edit_partner, request.user)
    form = AuthorisationForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a file to upload."))
        services.attach_authorisation(actor=request.user, partner=partner, upload=form.cleaned_data["file"])
        messages.success(request, _("Authorisation letter filed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("channels:partner-detail", pk=partner.pk)


@login_required
def portal_login_grant(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    require(access.can_grant_portal_login, request.user)
    form = PortalLoginForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            login = services.grant_portal_login(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Portal login %(username)s created.") % {"username": login.user.username})
            return _to_tab(partner, "users")
    return render(request, "channels/portal_login_form.html", {"form": form, "partner": partner})


@login_required
def territory_table(request):
    require(access.can_view_partners, request.user)
    filters = {"tier": request.GET.get("tier", ""), "stage": request.GET.get("stage", "")}
    rows = selectors.territory_table_for(request.user, **filters)
    context = {"rows": rows, "filters": filters, "tiers": PartnerTier.choices, "stages": PartnerStage.choices,
               "covered": sum(1 for r in rows if r["count"])}
    return render(request, partial_or_page(request, "channels/territories.html", "table"), context)


@login_required
def city_options(request):
    """The cities of a province as <option>s, for the cascading territory picker."""
    province = request.GET.get("province_code", "")
    cities = divisions.children(province) if divisions.get(province) else []
    return render(request, "channels/partials/city_options.html", {"cities": cities})


@login_required
def document_download(request, pk):
    """A document of a partner or an application the user can see."""
    require(access.can_open_partner, request.user)
    visible = {Partner: access.partners_visible_to, PartnerApplication: access.applications_visible_to}
    for model, scope in visible.items():
        document = selectors.attachments_of_model(model).filter(pk=pk).first()
        if document is not None:
            if not scope(request.user).filter(pk=document.object_id).exists():
                raise Http404
            if access.is_partner_user(request.user) and model is not Partner:
                raise PermissionDenied
            return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
    raise Http404
