"""The customer's satisfaction page behind a signed, single-use, expiring link: no login, CSRF-protected, made
for a phone. Answering records the visit exactly as an agent's call would."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..services import visits as services
from ..services.visits import links
from ..visits.choices import AnswerChannel, ReturnVisitStatus
from ..visits.forms import SurveyForm
from ..visits.workflow import VisitClosed

TEMPLATE = "service/visits/survey.html"


def _page(request, state: str, status: int = 200, **context):
    return render(request, TEMPLATE, {"state": state, **context}, status=status)


@never_cache
@csrf_protect
def survey(request, token):
    try:
        visit = links.visit_for(token)
    except services.LinkExpired:
        return _page(request, "expired", status=410)
    except services.LinkInvalid:
        return _page(request, "invalid", status=404)
    if not visit.is_open:
        return _page(request, "answered" if visit.status == ReturnVisitStatus.DONE else "closed", visit=visit)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_return_visit(actor=None, visit=visit, via=AnswerChannel.LINK, **form.outcome())
        except VisitClosed:
            return _page(request, "answered", visit=visit)
        return _page(request, "thanks", visit=visit)
    return _page(request, "form", status=400 if form.is_bound else 200, form=form, visit=visit)
