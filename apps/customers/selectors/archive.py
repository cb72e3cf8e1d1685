"""Reads of the customer archive: filtered lists and search, the phone screen-pop card, composition, duplicates."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.org import selectors as org_selectors
from core.models import Attachment
from core.phones import national_digits, normalize_phone
from core.registry import OpenItem, open_items_for

from .. import keys
from ..access import activities_visible_to, customers_visible_to, opportunities_visible_to
from ..choices import CustomerKind, CustomerSource, OpportunityStage
from ..models import Activity, Contact, Customer
from . import substring

RECORD_LABEL = "customers.customer"
MIN_PHONE_DIGITS = 4

# ?sort= values of the list page and the API's ordering, mapped to indexed columns (names sort by pinyin).
SORTS = {
    "name": "name_pinyin", "-name": "-name_pinyin", "grade": "grade", "-grade": "-grade",
    "created": "created_at", "-created": "-created_at", "purchase": "annual_purchase", "-purchase": "-annual_purchase",
    "follow_up": "last_activity_at", "-follow_up": "-last_activity_at",
}


def _search_digits(text: str) -> str:
    """The digits to match a phone against: national digits when `text` is a whole number, else its digits."""
    try:
        return national_digits(normalize_phone(text))
    except ValidationError:
        return keys.digits_only(text)


def with_own_or_contact(own: Q, contact: Q | None) -> Q:
    """Customers meeting `own`, or with a contact meeting `contact`, as `id IN (… UNION …)`: written as
    `own OR id IN (contacts)`, PostgreSQL cannot use an index for the OR and reads every customer (half a second at a
    million; see docs/benchmarks.md)."""
    ids = Customer.objects.filter(own).order_by().values("pk")
    if contact is not None:
        ids = ids.union(Contact.objects.filter(contact).order_by().values("customer_id"))
    return Q(pk__in=ids)


def _starts_with(field: str, digits: str) -> Q:
    """`field` begins with `digits`, written as a range of values: SQLite (whose LIKE never uses a plain index) and
    PostgreSQL both answer it from the column's B-tree index. '8765' -> >= '8765' and < '8766'."""
    carry = digits.rstrip("9")
    if not carry:
        return Q(**{f"{field}__gte": digits})
    return Q(**{f"{field}__gte": digits, f"{field}__lt": carry[:-1] + str(int(carry[-1]) + 1)})


def search_filter(text: str) -> Q:
    """Name (substring), pinyin (full or first letters), contact name or credit code; text that is a phone (4+
    digits) matches phones only — a prefix or a suffix of a customer's or contact's phone. Both stay on indexes even
    in a million customers: phones on B-tree ranges, substrings of two characters or more on bigram and trigram
    indexes (substring.py)."""
    text = keys.fold(text).strip()
    if not text:
        return Q()
    digits = _search_digits(text) if re.fullmatch(r"[\d\s()+\-.]+", text) else ""
    if len(digits) >= MIN_PHONE_DIGITS:
        # Suffix search runs as a prefix search on the reversed digits, so both stay on an index.
        phone = _starts_with("phone_digits", digits) | _starts_with("phone_reversed", digits[::-1])
        return with_own_or_contact(phone | _credit_code(text), phone)
    letters = text.replace(" ", "")
    letters = letters if re.fullmatch(r"[a-z]+", letters) else None
    names = Q(name__icontains=text)
    if letters is not None:
        names |= Q(name_initials__contains=letters) | Q(name_pinyin__contains=letters)
    own = (substring.customer_candidates(text, letters) & names) | _credit_code(text)
    contact = substring.contact_candidates(text) & Q(name__icontains=text)
    if substring.written_as_union(text, letters):
        return with_own_or_contact(own, contact)
    return own | Q(pk__in=Contact.objects.filter(contact).values("customer_id"))


def _credit_code(text: str) -> Q:
    return Q(credit_code=text.upper()) if re.fullmatch(r"[0-9a-z]{18}", text) else Q()


def list_customers_for(user, *, search: str = "", kind: str = "", grade: str = "", region=None, owner=None,
                       source: str = "", tag=None, member: bool | None = None, view: str = "",
                       sort: str = "") -> QuerySet[Customer]:
    """The user's customers, filtered; `owner` is an employee id, `view` is "pool" or "duplicates"."""
    qs = customers_visible_to(user).select_related("owner__employee", "region").prefetch_related("tags")
    if search:
        qs = qs.filter(search_filter(search))
    exact = {"kind": kind, "grade": grade, "region_id": region, "owner__employee": owner, "source": source,
             "tags": tag, "is_member": member}
    qs = qs.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if view == "pool":
        qs = qs.filter(in_pool=True)
    elif view == "duplicates":
        qs = qs.filter(duplicate_of__isnull=False)
    return qs.order_by(SORTS.get(sort, "-id"), "-id")


# What a row of the customer list shows (customer_list.html): the page reads only these columns.
LIST_COLUMNS = ("name", "kind", "grade", "source", "phone", "city", "district", "is_member", "is_key_account",
                "duplicate_of", "last_activity_at", "annual_purchase", "owner__username", "owner__employee__name",
                "region__name", "region__name_en")


def list_page_for(user, **filters) -> QuerySet[Customer]:
    """list_customers_for with only the columns the list page shows: 50 whole customers with their owner, employee
    and region records cost more in Python than the page's two queries (docs/benchmarks.md)."""
    return list_customers_for(user, **filters).only(*LIST_COLUMNS)


def get_customer_for(user, pk) -> Customer:
    """One customer of the user's scope, or 404."""
    try:
        return (customers_visible_to(user).select_related("owner__employee", "region", "org_unit", "partner_unit",
                                                          "duplicate_of").get(pk=pk))
    except (Customer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_contact(customer: Customer, pk) -> Contact:
    """A contact of a customer the caller already sees, or 404."""
    try:
        return customer.contacts.get(pk=pk)
    except (Contact.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def list_attachments(customer: Customer) -> QuerySet[Attachment]:
    """Files of a customer the caller already sees (so scoped through the customer)."""
    return Attachment.objects.filter(content_type__app_label="customers", content_type__model="customer",
                                     object_id=customer.pk).select_related("uploaded_by")


def get_attachment(customer: Customer, pk) -> Attachment:
    try:
        return list_attachments(customer).get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# -- screen-pop ----------------------------------------------------------------------------------------------------

def lookup_digits(raw: str) -> str:
    """National digits of a phone typed in any common format ('+86 138-1234-5678', '0086…', full width), or ''."""
    try:
        return national_digits(normalize_phone(keys.fold(raw)))
    except ValidationError:
        return ""


# What the screen-pop cards show of the customer (the API's CustomerCardSerializer, the service desk's caller card).
CARD_COLUMNS = ("name", "kind", "grade", "phone", "is_key_account", "owner__username", "owner__employee__name",
                "region__name", "region__name_en")


@dataclass
class CustomerCard:
    customer: Customer  # with CARD_COLUMNS only
    contacts: list[Contact]
    activities: list[Activity]
    open_items: list[OpenItem]


def phone_card_for(user, raw_phone: str) -> CustomerCard | None:
    """The caller's customer whose phone or a contact's phone is exactly this number, with what an agent needs."""
    digits = lookup_digits(raw_phone)
    if not digits:
        return None
    customer = (
        customers_visible_to(user).select_related("owner__employee", "region").only(*CARD_COLUMNS)
        .filter(with_own_or_contact(Q(phone_digits=digits), Q(phone_digits=digits)))
        .order_by("-is_key_account", "-id").first()
    )
    if customer is None:
        return None
    activities = activities_visible_to(user).filter(customer=customer).select_related("owner")[:5]
    return CustomerCard(customer, list(customer.contacts.all()), list(activities),
                        open_items_for(RECORD_LABEL, user, customer))


def open_opportunities(user, customer: Customer):
    """The customer's opportunities still in the pipeline (an open-items provider's rows)."""
    rows = (opportunities_visible_to(user).filter(customer=customer)
            .exclude(stage__in=[OpportunityStage.WON, OpportunityStage.LOST]))
    return rows, F("name"), F("stage")


def opportunity_item(row) -> OpenItem:
    url = reverse("customers:opportunity-detail", args=[row.pk])
    return OpenItem(kind="opportunity", title=row.title, status=str(OpportunityStage(row.status).label), url=url)


# -- composition and duplicates -----------------------------------------------------------------------------------

DIMENSIONS = {"kind": _("Kind"), "grade": _("Grade"), "region": _("Region"), "industry": _("Industry"),
              "source": _("Source")}
_DIMENSION_FIELD = {"region": "region_id"}


def _labels(by: str) -> dict:
    if by == "kind":
        return dict(CustomerKind.choices)
    if by == "source":
        return dict(CustomerSource.choices)
    if by == "region":
        return {r.pk: r.display_name for r in org_selectors.list_regions()}
    return {}


def composition_for(user, by: str) -> list[dict]:
    """Count and annual purchase of the user's customers per kind, grade, region, industry or source."""
    if by not in DIMENSIONS:
        raise ValidationError({"by": _("Choose one of: %(choices)s.") % {"choices": ", ".join(DIMENSIONS)}})
    field = _DIMENSION_FIELD.get(by, by)
    rows = (customers_visible_to(user).order_by().values(field)
            .annotate(count=Count("id"), revenue=Sum("annual_purchase")).order_by("-count", field))
    labels = _labels(by)
    return [{"key": row[field] if row[field] is not None else "",
             "label": str(labels.get(row[field], row[field] or _("Not set"))),
             "count": row["count"], "revenue": row["revenue"]} for row in rows]


def list_flagged_duplicates_for(user) -> QuerySet[Customer]:
    """The user's customers flagged at creation as possible duplicates of another, still to be reviewed."""
    return (customers_visible_to(user).filter(duplicate_of__isnull=False, duplicate_of__merged_into__isnull=True)
            .select_related("duplicate_of", "owner__employee", "duplicate_of__owner__employee").order_by("-id"))


def find_duplicates_for(user, customer: Customer) -> list[tuple[Customer, list[str]]]:
    """Other customers of the user's scope sharing a phone, the credit code or the name, with the reasons."""
    phones = {customer.phone_digits, *customer.contacts.values_list("phone_digits", flat=True)} - {""}
    own = Q(pk__in=[])
    if phones:
        own |= Q(phone_digits__in=phones)
    if customer.credit_code:
        own |= Q(credit_code=customer.credit_code)
    if customer.name_key:
        own |= Q(name_key=customer.name_key)
    condition = with_own_or_contact(own, Q(phone_digits__in=phones) if phones else None)
    candidates = (customers_visible_to(user).filter(condition).exclude(pk=customer.pk)
                  .select_related("owner__employee").prefetch_related("contacts"))
    found = []
    for other in candidates:
        other_phones = {other.phone_digits, *(c.phone_digits for c in other.contacts.all())} - {""}
        reasons = [str(label) for hit, label in [
            (phones & other_phones, _("same phone")),
            (customer.credit_code and other.credit_code == customer.credit_code, _("same credit code")),
            (customer.name_key and other.name_key == customer.name_key, _("same name")),
        ] if hit]
        found.append((other, reasons))
    return found
