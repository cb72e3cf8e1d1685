"""Taking a call: phone first (the caller's card appears), then kind and category, subject, Ctrl+Enter saves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.customers.selectors import phone_card_for
from apps.customers.selectors import service as customer_selectors

from .. import access, selectors, services
from ..forms import TicketForm
from .common import apply_errors, require


@login_required
def ticket_create(request):
    require(access.can_create_ticket(request.user))
    form = TicketForm(request.POST or None, initial={"phone": request.GET.get("phone", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer_id = data.pop("customer")
        customer = customer_selectors.customer_for_ticket(request.user, customer_id) if customer_id else None
        try:
            ticket = services.create_ticket(actor=request.user, customer=customer, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Ticket %(number)s logged.") % {"number": ticket.number})
            return redirect("service:detail", pk=ticket.pk)
    card = phone_card_for(request.user, form["phone"].value() or "") if form["phone"].value() else None
    return render(request, "service/ticket_form.html", {"form": form, "card": card})


@login_required
def lookup(request):
    """The caller's card by phone (HTMX): the customer with contacts and open items, or "unknown caller"."""
    require(access.can_create_ticket(request.user))
    phone = request.GET.get("phone", "").strip()
    card = phone_card_for(request.user, phone) if phone else None
    return render(request, "service/partials/caller_card.html", {
        "card": card, "phone": phone,
        "can_create_customer": request.user.has_perm("customers.add_customer"),
        "full_phone": access.can_view_full_phone(request.user)})


@login_required
def customer_search(request, pk):
    """Customers matching a name or phone, to link an unknown caller's ticket (HTMX)."""
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_edit(request.user, ticket))
    found = customer_selectors.search_customers_for_ticket(request.user, request.GET.get("q", ""))
    return render(request, "service/partials/customer_choices.html", {"ticket": ticket, "customers": found})
