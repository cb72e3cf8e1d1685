"""The service desk's settings pages: SLA policies, routing rules and the category tree (managers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import access, selectors, services
from ..forms import CategoryForm, PolicyForm, RoutingRuleForm
from ..models import RoutingRule, SLAPolicy, TicketCategory
from .common import apply_errors, require


@login_required
def settings_page(request):
    require(request.user.has_perm("service.view_slapolicy"))
    return render(request, "service/settings.html", {
        "policies": selectors.list_policies(), "rules": selectors.list_routing_rules(),
        "categories": selectors.list_categories(active_only=False), "tab": request.GET.get("tab", "policies"),
        "can_manage": access.can_manage_settings(request.user)})


def _form_page(request, form, title: str, tab: str):
    return render(request, "service/config_form.html", {"form": form, "title": title, "tab": tab})


@login_required
def policy_form(request, pk=None):
    require(access.can_manage_settings(request.user))
    policy = get_object_or_404(SLAPolicy, pk=pk) if pk else None
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_policy(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("SLA policy saved."))
            return redirect("service:settings")
    return _form_page(request, form, policy.name if policy else _("New SLA policy"), "policies")


@login_required
def rule_form(request, pk=None):
    require(access.can_manage_settings(request.user))
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else None
    form = RoutingRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_routing_rule(actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Routing rule saved."))
            return redirect(reverse("service:settings") + "?tab=rules")
    return _form_page(request, form, rule.name if rule else _("New routing rule"), "rules")


@login_required
def category_form(request, pk=None):
    require(access.can_manage_settings(request.user))
    category = get_object_or_404(TicketCategory, pk=pk) if pk else None
    initial = {} if category is None else {"name": category.name, "name_en": category.name_en,
                                           "parent": category.parent, "sort_order": category.sort_order,
                                           "is_active": category.is_active}
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                services.create_category(actor=request.user, **form.cleaned_data)
            else:
                services.update_category(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect(reverse("service:settings") + "?tab=categories")
    return _form_page(request, form, category.display_name if category else _("New category"), "categories")
