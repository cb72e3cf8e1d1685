"""The service dashboard (domain.md §15): volume, SLA compliance, first-contact resolution, satisfaction,
return-visit completion, top defects and backlog — over the user's own ticket scope, each chart with its table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..quality import access
from ..quality.dashboard import BY, service_dashboard
from .common import require


@login_required
def dashboard(request):
    """The page; HTMX swaps only the volume card when the user picks kind, channel or category."""
    require(access.can_view_dashboard(request.user))
    board = service_dashboard(request.user, by=request.GET.get("by", "kind"))
    context = {"board": board, "by_choices": list(BY), "volume": board.charts["volume"]}
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/quality/dashboard.html#volume", context)
    return render(request, "service/quality/dashboard.html", context)
