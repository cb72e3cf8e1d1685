"""Writers of the customer archive: customers and contacts, merging duplicates, hand-over, phone reveals, files."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core import divisions
from core.audit import record_event
from core.models import Attachment
from core.models.audit import AuditAction
from core.phones import display_phone, normalize_phone

from .. import access, keys
from ..choices import PoolEventKind
from ..models import Activity, Contact, Customer, GradeChange, Lead, Opportunity, PoolEvent, VisitPlan

# Fields a caller may set directly; everything else (keys, pool state, merges) is kept by services.
ARCHIVE_FIELDS = {
    "name", "kind", "grade", "source", "owner", "org_unit", "region", "is_member", "is_key_account", "pool_exempt",
    "phone", "credit_code", "province_code", "city_code", "district_code", "address", "legal_person",
    "trade_since", "size", "industry", "registered_capital", "assets", "website", "email", "service_area",
    "sales_capacity", "development_potential", "company_culture", "business_policy", "annual_revenue",
    "management_style", "sales_history", "staff_quality", "competitor_relations", "cooperation_attitude",
    "current_activity", "problems", "strengths", "future_plans", "reputation", "credit_status", "trade_terms",
    "past_credit_problems", "annual_purchase", "payment_score", "potential_score", "notes", "partner_unit",
}

# The four blocks of the archive (domain.md §2), as forms, pages and the API group them.
ARCHIVE_BLOCKS = {
    "basic": ["credit_code", "legal_person", "trade_since", "size", "industry", "registered_capital", "assets",
              "website", "email"],
    "characteristics": ["service_area", "sales_capacity", "development_potential", "company_culture",
                        "business_policy", "annual_revenue", "management_style"],
    "business": ["sales_history", "staff_quality", "competitor_relations", "cooperation_attitude", "annual_purchase",
                 "payment_score", "potential_score"],
    "trade": ["current_activity", "problems", "strengths", "future_plans", "reputation", "credit_status",
              "trade_terms", "past_credit_problems"],
}
# Relations the services set themselves (already valid): full_clean skips their existence queries.
_SERVICE_SET = ["owner", "org_unit", "region", "partner_unit", "duplicate_of", "merged_into", "created_by",
                "updated_by"]


class DuplicateCustomer(ValidationError):
    """A customer with the same phone, credit code or name already exists."""

    def __init__(self, existing: Customer, field: str):
        self.existing = existing
        super().__init__(
            {field: _("Customer “%(name)s” (#%(id)s) already has this %(what)s.")
             % {"name": existing.name, "id": existing.pk, "what": _field_label(field)}},
            code="duplicate",
        )


def _field_label(field: str) -> str:
    return {"phone": _("phone"), "credit_code": _("credit code"), "name": _("name")}.get(field, field)


def _normalised_phone(raw: str, field: str = "phone") -> str:
    try:
        return normalize_phone(raw)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def derive_keys(customer: Customer) -> None:
    """Fill the derived fields: search keys, division names, region (unless set by hand) and org unit."""
    customer.phone = _normalised_phone(customer.phone)
    customer.phone_digits, customer.phone_reversed = keys.phone_keys(customer.phone)
    customer.name = " ".join(customer.name.split())
    customer.name_key = keys.name_key(customer.name)
    customer.name_pinyin, customer.name_initials = keys.pinyin_keys(customer.name)
    customer.credit_code = keys.fold(customer.credit_code).upper().strip()
    _fill_address(customer)
    if not customer.region_overridden:
        customer.region = org_selectors.region_for_location(customer.province, customer.city)
    if customer.org_unit_id is None and customer.owner_id is not None:
        customer.org_unit = org_selectors.unit_of(customer.owner)


def _fill_address(customer: Customer) -> None:
    for level, code_field, name_field in [(1, "province_code", "province"), (2, "city_code", "city"),
                                          (3, "district_code", "district")]:
        code = getattr(customer, code_field)
        division = divisions.get(code) if code else None
        if code and (division is None or division.level != level):
            raise ValidationError({code_field: _("Unknown administrative division code.")})
        setattr(customer, name_field, division.name if division else "")
    if customer.city_code and not customer.city_code.startswith(customer.province_code[:2] or "x"):
        raise ValidationError({"city_code": _("The city is not in the chosen province.")})
    if customer.district_code and not customer.district_code.startswith(customer.city_code[:4] or "x"):
        raise ValidationError({"district_code": _("The district is not in the chosen city.")})


def find_duplicate(customer: Customer) -> tuple[Customer, str] | None:
    """The first existing customer sharing this one's phone, credit code or name key, with the field."""
    others = Customer.objects.filter(merged_into__isnull=True).exclude(pk=customer.pk).only("id", "name")
    checks = []
    if customer.phone_digits:
        by_contact = Contact.objects.filter(phone_digits=customer.phone_digits).values("customer_id")
        checks.append(("phone", Q(phone_digits=customer.phone_digits) | Q(pk__in=by_contact)))
    if customer.credit_code:
        checks.append(("credit_code", Q(credit_code=customer.credit_code)))
    if customer.name_key:
        checks.append(("name", Q(name_key=customer.name_key)))
    for field, condition in checks:
        match = others.filter(condition).order_by("id").first()
        if match:
            return match, field
    return None


def _check_duplicate(customer: Customer, allow_duplicate: bool) -> None:
    found = find_duplicate(customer)
    customer.duplicate_of = None
    if found is None:
        return
    existing, field = found
    if not allow_duplicate:
        raise DuplicateCustomer(existing, field)
    customer.duplicate_of = existing


@transaction.atomic
def create_customer(*, actor, allow_duplicate: bool = False, contacts: list[dict] | None = None,
                    tags=None, **fields) -> Customer:
    """Add a customer to the archive (owner defaults to the actor); duplicates are refused unless allowed."""
    unknown = set(fields) - ARCHIVE_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be set.") for f in unknown})
    fields.setdefault("owner", actor)
    customer = Customer(**fields, created_by=actor, updated_by=actor)
    customer.region_overridden = fields.get("region") is not None
    derive_keys(customer)
    if not customer.name_key:
        raise ValidationError({"name": _("Enter the customer's name.")})
    _check_duplicate(customer, allow_duplicate)
    customer.full_clean(exclude=_SERVICE_SET)
    customer.save()
    if tags:
        customer.tags.set(tags)
    for index, contact in enumerate(contacts or []):
        add_contact(actor=actor, customer=customer, is_primary=index == 0, **contact)
    return customer


@transaction.atomic
def update_customer(*, actor, customer: Customer, allow_duplicate: bool = True, tags=None, **changes) -> Customer:
    """Change archive fields; keys, region and duplicate flags follow."""
    unknown = set(changes) - ARCHIVE_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be set.") for f in unknown})
    if "region" in changes:
        customer.region_overridden = changes["region"] is not None
    for field, value in changes.items():
        setattr(customer, field, value)
    customer.updated_by = actor
    derive_keys(customer)
    if {"phone", "credit_code", "name"} & set(changes):
        _check_duplicate(customer, allow_duplicate)
    customer.full_clean(exclude=_SERVICE_SET)
    customer.save()
    if tags is not None:
        customer.tags.set(tags)
    return customer


@transaction.atomic
def add_contact(*, actor, customer: Customer, name: str, phone: str = "", is_primary: bool = False,
                **fields) -> Contact:
    """Add a contact; making it primary demotes the previous primary contact."""
    contact = Contact(customer=customer, name=name.strip(), phone=_normalised_phone(phone), is_primary=is_primary,
                      created_by=actor, updated_by=actor, **fields)
    contact.phone_digits, contact.phone_reversed = keys.phone_keys(contact.phone)
    contact.full_clean(exclude=["customer", "created_by", "updated_by"])
    if is_primary or not customer.contacts.exists():
        customer.contacts.filter(is_primary=True).update(is_primary=False)
        contact.is_primary = True
    contact.save()
    return contact


@transaction.atomic
def update_contact(*, actor, contact: Contact, **changes) -> Contact:
    """Change a contact; setting is_primary demotes the others."""
    if "phone" in changes:
        changes["phone"] = _normalised_phone(changes["phone"])
    for field, value in changes.items():
        setattr(contact, field, value)
    contact.phone_digits, contact.phone_reversed = keys.phone_keys(contact.phone)
    contact.updated_by = actor
    contact.full_clean(exclude=["customer", "created_by", "updated_by"])
    if changes.get("is_primary"):
        contact.customer.contacts.exclude(pk=contact.pk).filter(is_primary=True).update(is_primary=False)
    contact.save()
    return contact


@transaction.atomic
def remove_contact(*, actor, contact: Contact) -> None:
    """Delete a contact; the oldest remaining one becomes primary if it was."""
    customer, was_primary = contact.customer, contact.is_primary
    contact.delete()
    if was_primary:
        nxt = customer.contacts.order_by("id").first()
        if nxt is not None:
            nxt.is_primary = True
            nxt.save(update_fields=["is_primary"])


# -- merging duplicates ------------------------------------------------------------------------------------------

# Chosen per customer by people or by the grading rules, so the kept record's values win even when "empty".
_NEVER_FILLED = {"kind", "credit_status", "payment_score", "potential_score"}
_EMPTY = (None, "", False, 0)


def _fill_empty_fields(keep: Customer, duplicate: Customer) -> list[str]:
    filled = []
    for name in sorted(ARCHIVE_FIELDS - _NEVER_FILLED):
        attname = Customer._meta.get_field(name).attname
        if getattr(keep, attname) in _EMPTY and getattr(duplicate, attname) not in _EMPTY:
            setattr(keep, attname, getattr(duplicate, attname))
            filled.append(name)
    if "region" in filled:
        keep.region_overridden = duplicate.region_overridden
    for name in ("last_activity_at", "last_deal_at"):
        dates = [d for d in (getattr(keep, name), getattr(duplicate, name)) if d is not None]
        setattr(keep, name, max(dates, default=None))
    return filled


def _move_related(keep: Customer, duplicate: Customer) -> dict[str, int]:
    contacts = Contact.objects.filter(customer=duplicate)
    if keep.contacts.filter(is_primary=True).exists():
        contacts.filter(is_primary=True).update(is_primary=False)
    moved = {"contacts": contacts.update(customer=keep)}
    for model in (Activity, Opportunity, Lead, VisitPlan, PoolEvent, GradeChange):
        moved[model._meta.model_name] = model.objects.filter(customer=duplicate).update(customer=keep)
    keep.tags.add(*duplicate.tags.all())
    moved["attachments"] = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Customer), object_id=duplicate.pk
    ).update(object_id=keep.pk)
    Customer.objects.filter(duplicate_of=duplicate).exclude(pk=keep.pk).update(duplicate_of=keep)
    return moved


@transaction.atomic
def merge_customers(*, actor, keep: Customer, duplicate: Customer) -> Customer:
    """Fold `duplicate` into `keep`: its records move over, keep's empty fields are filled, duplicate is marked."""
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
    keep, duplicate = locked.get(keep.pk), locked.get(duplicate.pk)
    if keep is None or duplicate is None or keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose another customer to merge into this one.")})
    if keep.merged_into_id or duplicate.merged_into_id:
        raise ValidationError({"duplicate": _("This customer has already been merged.")})
    filled = _fill_empty_fields(keep, duplicate)
    moved = _move_related(keep, duplicate)
    if keep.duplicate_of_id == duplicate.pk:
        keep.duplicate_of = None
    derive_keys(keep)
    keep.updated_by = actor
    keep._change_reason = f"merged #{duplicate.pk} {duplicate.name}"
    keep.save()
    duplicate.merged_into, duplicate.duplicate_of, duplicate.in_pool = keep, None, False
    duplicate.updated_by = actor
    duplicate._change_reason = f"merged into #{keep.pk}"
    duplicate.save(update_fields=["merged_into", "duplicate_of", "in_pool", "updated_by", "updated_at"])
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"customers.customer:{keep.pk}",
                 event="customer_merged", kept=keep.pk, merged=duplicate.pk, filled=filled, moved=moved)
    return keep


@transaction.atomic
def dismiss_duplicate(*, actor, customer: Customer) -> Customer:
    """Confirm a flagged customer is a different one: the flag is cleared, the history keeps it."""
    customer.duplicate_of, customer.updated_by = None, actor
    customer.save(update_fields=["duplicate_of", "updated_by", "updated_at"])
    return customer


# -- hand-over, phone reveal, attachments --------------------------------------------------------------------------

@transaction.atomic
def hand_over_customers(*, actor, from_owner, to_owner, customers, reason: str = "") -> int:
    """Give `from_owner`'s customers among `customers` to `to_owner` (a rep leaving); returns how many moved."""
    if to_owner is None or not to_owner.is_active:
        raise ValidationError({"to_owner": _("Choose an active employee to take the customers over.")})
    if from_owner == to_owner:
        raise ValidationError({"to_owner": _("Choose someone other than the current owner.")})
    unit = org_selectors.unit_of(to_owner)
    reason = reason or _("Hand-over")
    events = []
    for customer in customers.select_for_update(of=("self",)).filter(owner=from_owner, merged_into__isnull=True):
        customer.owner, customer.org_unit, customer.updated_by = to_owner, unit, actor
        customer._change_reason = reason
        customer.save(update_fields=["owner", "org_unit", "updated_by", "updated_at"])
        events.append(PoolEvent(customer=customer, kind=PoolEventKind.HANDOVER, from_owner=from_owner,
                                to_owner=to_owner, reason=reason[:200], actor=actor))
    PoolEvent.objects.bulk_create(events)
    return len(events)


def reveal_phone(*, actor, customer: Customer, contact: Contact | None = None, request=None) -> str:
    """The full number of a customer or one of its contacts, for roles allowed to see it; every reveal is audited."""
    if not access.can_view_full_phone(actor):
        raise PermissionDenied
    phone = contact.phone if contact is not None else customer.phone
    record_event(AuditAction.PHONE_REVEALED, actor=actor, request=request, target=f"customers.customer:{customer.pk}",
                 contact=contact.pk if contact is not None else None)
    return display_phone(phone, full=True)


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # a scanned licence or contract; larger files belong in the document system


def attach_file(*, actor, customer: Customer, upload, kind: str = "") -> Attachment:
    """Store an uploaded file (licence, contract, survey) in the customer's archive."""
    if not upload or upload.size == 0:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Files up to 20 MB can be attached.")})
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Customer), object_id=customer.pk, file=upload,
        name=upload.name[-200:], kind=kind[:40], size=upload.size, uploaded_by=actor,
    )
