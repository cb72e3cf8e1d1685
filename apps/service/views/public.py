"""The public support pages (no login): send a request, see its confirmation, check its status.

Flood and robot guards (intake/guard.py): submissions and lookups are counted per client IP, requests per phone,
failed lookups per ticket number; over a limit the page answers 429.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..intake import guard, web
from ..intake.forms import HONEYPOT, TOKEN, StatusLookupForm, SupportRequestForm
from .common import apply_errors

THANKS_SALT = "service.support-thanks"
THANKS_MAX_AGE_SECONDS = 24 * 60 * 60
RETRY_AFTER_SECONDS = 60 * 60


def _throttled(request):
    response = render(request, "service/public/throttled.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def support_form(request):
    """The request form; a valid request becomes a ticket and the customer sees its number."""
    form = SupportRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not guard.allow_submission_from_ip(guard.client_ip(request)):
            return _throttled(request)
        if form.is_valid():
            data = form.cleaned_data
            if not guard.phone_has_quota(data["phone"]):
                return _throttled(request)
            try:
                ticket = web.submit_support_request(**data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                guard.count_phone_request(data["phone"])
                return redirect("support:thanks", token=signing.dumps(ticket.number, salt=THANKS_SALT))
    return render(request, "service/public/form.html", {
        "form": form, "token": guard.form_token(), "token_name": TOKEN, "honeypot": HONEYPOT})


@never_cache
def thanks(request, token: str):
    """The confirmation with the ticket number (signed into the link, so nobody can look up other numbers)."""
    try:
        number = signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return redirect("support:form")
    return render(request, "service/public/thanks.html", {"number": number})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """Ticket number + phone → the status and the replies to the customer; any mismatch reads "not found"."""
    form = StatusLookupForm(request.POST or None)
    found, not_found = None, False
    if request.method == "POST":
        if not guard.allow_status_lookup_from_ip(guard.client_ip(request)):
            return _throttled(request)
        if form.is_valid():
            number = form.cleaned_data["number"]
            if guard.status_lookups_locked(number):
                return _throttled(request)
            found = web.find_public_status(number=number, phone=form.cleaned_data["phone"])
            if found is None:
                guard.count_failed_status_lookup(number)
                not_found = True
    return render(request, "service/public/status.html", {"form": form, "found": found, "not_found": not_found})
