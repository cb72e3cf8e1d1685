"""The inbound mail log (read-only): each message the mailbox poll read, what it became, and why one failed."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import access
from ..choices import InboundMailOutcome
from ..intake.mail_log import MailFilters, list_inbound_mail_for
from .common import require


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def inbound_mail(request):
    require(access.can_view_inbound_mail(request.user))
    get = request.GET
    outcome = get.get("outcome", "")
    filters = MailFilters(outcome=outcome if outcome in InboundMailOutcome.values else "",
                          search=get.get("q", "").strip(), start=_date(get.get("from", "")),
                          end=_date(get.get("to", "")))
    rows = list_inbound_mail_for(request.user, filters)
    context = {"page": Paginator(rows, 50).get_page(get.get("page")), "filters": filters,
               "outcomes": InboundMailOutcome.choices}
    template = "service/inbound_mail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#table"
    return render(request, template, context)
