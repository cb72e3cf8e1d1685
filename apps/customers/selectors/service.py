"""Reads of the customer archive that the service desk needs (kept here so service never touches these models)."""

from django.db.models import Q, QuerySet

from ..access import contacts_visible_to, customers_visible_to
from ..models import Contact, Customer
from .archive import lookup_digits, search_filter, with_own_or_contact


def customer_for_ticket(user, pk) -> Customer | None:
    """A customer of the user's scope by id, or None (a ticket form answers "unknown customer")."""
    try:
        return customers_visible_to(user).select_related("region").get(pk=pk)
    except (Customer.DoesNotExist, ValueError, TypeError):
        return None


def customer_in_scope(user, pk) -> bool:
    """Whether the user may open this customer's archive (a record of theirs may name a customer they may not)."""
    return pk is not None and customers_visible_to(user).filter(pk=pk).exists()


def customers_with_phone(user, raw_phone: str) -> QuerySet[Customer]:
    """The user's customers whose own or a contact's phone is this number, key accounts first."""
    digits = lookup_digits(raw_phone)
    if not digits:
        return Customer.objects.none()
    return (customers_visible_to(user).filter(with_own_or_contact(Q(phone_digits=digits), Q(phone_digits=digits)))
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


def member_customers() -> QuerySet[Customer]:
    """Every member customer still in the archive (not merged away), with its contacts: the return-visit job plans
    a periodic visit for each of them (100 % coverage), whoever owns them."""
    return Customer.objects.filter(is_member=True, merged_into__isnull=True).prefetch_related("contacts").order_by("pk")


def customer_for_intake(*, phone: str = "", email: str = "") -> tuple[Customer | None, Contact | None]:
    """The one customer (and contact) a public web form or an email comes from, by phone, else by email.

    Matched across the whole archive, with no user scope: the sender names themselves and is shown nothing of the
    customer. None when nobody or more than one customer matches (the desk links the ticket by hand then).
    """
    digits = lookup_digits(phone) if phone else ""
    if digits:
        found = _single_customer(Q(phone_digits=digits), Q(phone_digits=digits))
        if found[0] is not None:
            return found
    email = (email or "").strip()
    if email:
        return _single_customer(Q(email__iexact=email), Q(email__iexact=email))
    return None, None


def _single_customer(customer_match: Q, contact_match: Q) -> tuple[Customer | None, Contact | None]:
    contacts = list(Contact.objects.filter(contact_match, customer__merged_into__isnull=True)
                    .select_related("customer")[:3])
    customers = {contact.customer for contact in contacts}
    customers.update(Customer.objects.filter(customer_match, merged_into__isnull=True)[:3])
    if len(customers) != 1:
        return None, None
    (customer,) = customers
    contact = next((c for c in contacts if c.customer_id == customer.pk), None)
    return customer, contact
