"""Reads of the customer archive that the channels app needs (kept here so channels never touches these models)."""

from django.db.models import QuerySet

from ..access import customers_visible_to
from ..choices import CustomerKind
from ..models import Contact, Customer

PARTNER_KINDS = [CustomerKind.PARTNER, CustomerKind.INTEGRATOR, CustomerKind.CONTRACTOR]


def partner_company_customer(unit) -> Customer | None:
    """The archive of the partner company whose org unit is `unit` (not the customers it serves)."""
    return (Customer.objects.filter(partner_unit=unit, kind__in=PARTNER_KINDS, merged_into__isnull=True)
            .order_by("id").first())


def partner_candidates_for(user) -> QuerySet[Customer]:
    """Customers the user may put forward as partners: those in scope, by name."""
    return customers_visible_to(user).exclude(kind=CustomerKind.INDIVIDUAL).order_by("name")


def partner_company_contacts(customer: Customer) -> QuerySet[Contact]:
    """The contacts of a partner company's own archive: whoever may see the partner may see its contacts
    (channels checks the partner's scope before calling this)."""
    return Contact.objects.filter(customer=customer)
