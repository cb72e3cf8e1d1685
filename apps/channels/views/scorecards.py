"""Partner scorecards: the list to fill (and the flagged ones), and the scoring form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import rules as rule_data

from .. import access, selectors, services
from ..choices import ScorecardStatus
from ..forms import ScorecardForm
from .common import apply_errors, partial_or_page, require


def _can_list(user) -> bool:
    return access.can_view_scorecards(user) and not access.is_partner_user(user)


@login_required
def scorecard_list(request):
    require(_can_list, request.user)
    flagged = {"1": True, "0": False}.get(request.GET.get("flagged", ""))
    filters = {"status": request.GET.get("status", ""), "flagged": flagged}
    scorecards = selectors.list_scorecards_for(request.user, **filters)
    context = {"page": Paginator(scorecards, 25).get_page(request.GET.get("page")), "filters": filters,
               "statuses": ScorecardStatus.choices, "can_fill": access.can_fill_scorecard(request.user),
               "threshold": rule_data.value("channels.scorecard_poor_threshold"),
               "weights": rule_data.value("channels.scorecard_weights")}
    return render(request, partial_or_page(request, "channels/scorecard_list.html", "table"), context)


@login_required
def scorecard_fill(request, pk):
    scorecard = selectors.get_scorecard_for(request.user, pk)
    require(access.can_fill_scorecard, request.user)
    initial = {f: getattr(scorecard, f) for f in ScorecardForm.base_fields}
    form = ScorecardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scorecard = services.fill_scorecard(actor=request.user, scorecard=scorecard, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Scorecard saved: %(total)s.") % {"total": scorecard.total})
            return redirect("channels:scorecards")
    return render(request, "channels/scorecard_form.html", {
        "form": form, "scorecard": scorecard, "weights": rule_data.value("channels.scorecard_weights"),
        "threshold": rule_data.value("channels.scorecard_poor_threshold")})
