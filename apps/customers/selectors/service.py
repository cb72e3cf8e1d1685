"""Reads of the customer archive that the service desk needs (kept here so service never touches these models)."""

from django.db.models import Q, QuerySet

from ..access import contacts_visible_to, customers_visible_to
from ..models import Contact, Customer
from .archive import lookup_digits, search_filter


def customer_for_ticket(user, pk) -> Customer | None:
    """A customer of the user's scope by id, or None (a ticket form answers "unknown customer")."""
    try:
        return customers_visible_to(user).select_related("region").get(pk=pk)
    except (Customer.DoesNotExist, ValueError, TypeError):
        return None


def customers_with_phone(user, raw_phone: str) -> QuerySet[Customer]:
    """The user's customers whose own or a contact's phone is this number, key accounts first."""
    digits = lookup_digits(raw_phone)
    if not digits:
        return Customer.objects.none()
    contacts = Contact.objects.filter(phone_digits=digits).values("customer_id")
    return (customers_visible_to(user).filter(Q(phone_digits=digits) | Q(pk__in=contacts))
            .select_related("region").order_by("-is_key_account", "-id"))


def contact_with_phone(customer: Customer, raw_phone: str) -> Contact | None:
    """The customer's contact reached at this number, if any."""
    digits = lookup_digits(raw_phone)
    return customer.contacts.filter(phone_digits=digits).first() if digits else None


def contacts_for_ticket(user, customer: Customer) -> QuerySet[Contact]:
    """The contacts of a customer the user may put on a ticket."""
    return contacts_visible_to(user).filter(customer=customer)


def search_customers_for_ticket(user, text: str, limit: int = 10) -> list[Customer]:
    """Customers of the user's scope matching a name, pinyin or phone, for linking a caller to the archive."""
    if not text.strip():
        return []
    return list(customers_visible_to(user).filter(search_filter(text)).select_related("region")
                .order_by("-is_key_account", "name_pinyin", "-id")[:limit])
