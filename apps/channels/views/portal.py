"""The partner portal's home: a partner user's own company card."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from apps.customers.selectors.channels import partner_company_contacts

from .. import access, selectors
from .common import require


@login_required
def portal(request):
    require(access.can_view_portal, request.user)
    partner = selectors.own_partner_of(request.user)
    if partner is None:
        raise Http404
    context = {"partner": partner, "territories": access.territories_visible_to(request.user).filter(partner=partner),
               "contacts": partner_company_contacts(partner.customer),
               "documents": selectors.authorisation_documents(partner)}
    return render(request, "channels/portal.html", context)
