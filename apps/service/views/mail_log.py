"""The inbound mail log (read-only): each message the mailbox poll read, what it became, and why one failed."""


from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core.parsing import parse_day

from .. import access
from ..choices import InboundMailOutcome
from ..intake.mail_log import MailFilters, list_inbound_mail_for
from .common import require


@login_required
def inbound_mail(request):
    require(access.can_view_inbound_mail(request.user))
    get = request.GET
    outcome = get.get("outcome", "")
    filters = MailFilters(outcome=outcome if outcome in InboundMailOutcome.values else "",
                          search=get.get("q", "").strip(), start=parse_day(get.get("from", "")),
                          end=parse_day(get.get("to", "")))
    rows = list_inbound_mail_for(request.user, filters)
    context = {"page": Paginator(rows, 50).get_page(get.get("page")), "filters": filters,
               "outcomes": InboundMailOutcome.choices}
    template = "service/inbound_mail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#table"
    return render(request, template, context)
