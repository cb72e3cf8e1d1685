"""Logistics CS pages: the follow-up queue, the transport exception register and the weekly summary."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.parsing import parse_day

from .. import access_fulfilment
from .. import rules_fulfilment as rules
from ..choices_fulfilment import ClaimStatus, ExceptionKind, ExceptionStatus
from ..selectors import follow_up as selectors
from ..services import follow_up as services
from .shipments import FollowUpForm, require, show_errors


class HandleForm(forms.Form):
    handling = forms.CharField(label=gettext_lazy("Handling"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ExceptionStatus.choices)


class ClaimForm(forms.Form):
    claim = forms.ChoiceField(label=gettext_lazy("Carrier claim"),
                              choices=[c for c in ClaimStatus.choices if c[0] != ClaimStatus.NONE])
    amount = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=16, decimal_places=2, required=False,
                                min_value=0)


@login_required
def follow_up_queue(request):
    require(access_fulfilment.can_follow_up(request.user))
    search = request.GET.get("q", "").strip()
    rows = selectors.follow_up_queue_for(request.user, search=search)
    context = {"rows": rows, "search": search, "form": FollowUpForm(initial={"customer_informed": True}),
               "now": timezone.localtime()}
    return render(request, "orders/follow_up/queue.html", context)


@login_required
def exception_list(request):
    require(access_fulfilment.can_view_exceptions(request.user))
    filters = {"kind": request.GET.get("kind", ""), "status": request.GET.get("status", "")}
    rows = selectors.list_exceptions_for(request.user, **filters)
    context = {"page": Paginator(rows, 25).get_page(request.GET.get("page")), "filters": filters,
               "kinds": ExceptionKind.choices, "statuses": ExceptionStatus.choices}
    return render(request, "orders/follow_up/exceptions.html", context)


@login_required
def exception_detail(request, pk):
    require(access_fulfilment.can_view_exceptions(request.user))
    exception = get_object_or_404(selectors.list_exceptions_for(request.user), pk=pk)
    can_handle = access_fulfilment.can_handle_exception(request.user)
    if request.method == "POST":
        require(can_handle)
        try:
            _handle_post(request, exception)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Changes saved."))
        return redirect("orders:exception-detail", pk=exception.pk)
    context = {"exception": exception, "can_handle": can_handle,
               "handle_form": HandleForm(initial={"handling": exception.handling, "status": exception.status}),
               "claim_form": ClaimForm(initial={"claim": ClaimStatus.CLAIMED})}
    return render(request, "orders/follow_up/exception_detail.html", context)


def _handle_post(request, exception) -> None:
    if request.POST.get("form") == "claim":
        form = ClaimForm(request.POST)
        if not form.is_valid():
            raise ValidationError(next(iter(form.errors.values())))
        claim, amount = form.cleaned_data["claim"], form.cleaned_data["amount"]
        if claim == ClaimStatus.REJECTED:
            services.reject_claim(actor=request.user, exception=exception)
        elif amount is None:
            raise ValidationError(_("Enter the amount."))
        elif claim == ClaimStatus.CLAIMED:
            services.record_claim(actor=request.user, exception=exception, amount=amount)
        else:
            services.settle_claim(actor=request.user, exception=exception, amount=amount)
        return
    form = HandleForm(request.POST)
    if not form.is_valid():
        raise ValidationError(next(iter(form.errors.values())))
    services.update_exception(actor=request.user, exception=exception, **form.cleaned_data)


@login_required
def exception_summary(request):
    """The week's exceptions by kind with the claims (the page the weekly notification links to)."""
    require(access_fulfilment.can_view_exceptions(request.user))
    day = parse_day(request.GET.get("week")) or timezone.localdate()
    summary = selectors.exception_summary(day, request.user)
    start = summary["start"]
    context = {"summary": summary, "kinds": dict(ExceptionKind.choices),
               "rows": selectors.week_exceptions_for(request.user, day),
               "previous": start - datetime.timedelta(days=7), "next": start + datetime.timedelta(days=7),
               "this_week": rules.week_of(timezone.localdate())[0]}
    return render(request, "orders/follow_up/summary.html", context)

