"""The 窜货 review queue: flags of suspected cross-territory sales, and the reviewer's decision."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import access_fulfilment
from ..choices_fulfilment import FlagOutcome, FlagSource
from ..selectors import flags as selectors
from ..services import flags as services
from .shipments import require, show_errors


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=FlagOutcome.choices)
    note = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


@login_required
def flag_list(request):
    require(access_fulfilment.can_view_flags(request.user))
    state = request.GET.get("state", "pending")
    filters = {"source": request.GET.get("source", ""), "search": request.GET.get("q", "").strip(),
               "outcome": request.GET.get("outcome", "")}
    pending = {"pending": True, "reviewed": False}.get(state)
    rows = selectors.list_flags_for(request.user, pending=pending, **filters)
    context = {"page": Paginator(rows, 25).get_page(request.GET.get("page")), "state": state, "filters": filters,
               "sources": FlagSource.choices, "outcomes": FlagOutcome.choices, "form": ReviewForm(),
               "can_review": access_fulfilment.can_review_flag(request.user)}
    return render(request, "orders/flags/list.html", context)


@login_required
@require_POST
def flag_review(request, pk):
    flag = selectors.get_flag_for(request.user, pk)
    require(access_fulfilment.can_review_flag(request.user, flag))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the outcome and give the reason."))
    else:
        try:
            services.review_flag(actor=request.user, flag=flag, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Decision recorded."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "orders:flags"
    return redirect(target or "orders:flags")
