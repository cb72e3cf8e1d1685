"""Customer archive API bodies: separate output and input serializers; phones masked per role."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from apps.org import selectors as org_selectors
from core.api.fields import IdField
from core.phones import display_phone, normalize_phone

from .. import access
from ..models import Activity, Contact, Customer, Tag
from ..services import ARCHIVE_BLOCKS

# API names of the address codes (the model keeps codes in *_code and names in province/city/district).
ADDRESS_FIELDS = {"province": "province_code", "city": "city_code", "district": "district_code"}


def employee_id_of(user) -> int | None:
    """The org Employee id of a user (the API names people by employee id)."""
    try:
        return user.employee.pk if user is not None else None
    except ObjectDoesNotExist:
        return None


def employee_name_of(user) -> str:
    try:
        return user.employee.name if user is not None else ""
    except ObjectDoesNotExist:
        return user.get_username()


class _MaskedPhone(serializers.Serializer):
    def shown_phone(self, phone: str) -> str:
        request = self.context.get("request")
        return display_phone(phone, full=request is not None and access.can_view_full_phone(request.user))


def _block(name: str, fields: list[str]) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": Customer, "fields": fields})
    return type(f"{name.title()}BlockSerializer", (serializers.ModelSerializer,), {"Meta": meta})


BLOCK_SERIALIZERS = {name: _block(name, fields) for name, fields in ARCHIVE_BLOCKS.items()}


class ContactSerializer(_MaskedPhone, serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = ["id", "name", "title", "phone", "email", "wechat", "is_primary", "notes"]

    def get_phone(self, contact) -> str:
        return self.shown_phone(contact.phone)


class ContactWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    wechat = serializers.CharField(max_length=60, required=False, allow_blank=True)
    is_primary = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_phone(self, value):
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class CustomerSerializer(_MaskedPhone, serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    phone = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField(help_text="Employee id of the owning rep")
    owner_name = serializers.SerializerMethodField()
    region_name = serializers.CharField(source="region.display_name", read_only=True, default="")
    province = serializers.CharField(source="province_code", read_only=True)
    province_name = serializers.CharField(source="province", read_only=True)
    city = serializers.CharField(source="city_code", read_only=True)
    city_name = serializers.CharField(source="city", read_only=True)
    district = serializers.CharField(source="district_code", read_only=True)
    district_name = serializers.CharField(source="district", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    basic = BLOCK_SERIALIZERS["basic"](source="*", read_only=True)
    characteristics = BLOCK_SERIALIZERS["characteristics"](source="*", read_only=True)
    business = BLOCK_SERIALIZERS["business"](source="*", read_only=True)
    trade = BLOCK_SERIALIZERS["trade"](source="*", read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "kind", "kind_label", "grade", "phone", "owner", "owner_name", "org_unit", "region",
                  "region_name", "region_overridden", "province", "province_name", "city", "city_name", "district",
                  "district_name", "address", "source", "source_label", "is_member", "is_key_account", "tags",
                  "partner_unit", "in_pool", "duplicate_of", "contacts", "basic", "characteristics", "business",
                  "trade", "notes", "last_activity_at", "created_at", "updated_at"]

    def get_phone(self, customer) -> str:
        return self.shown_phone(customer.phone)

    def get_owner(self, customer) -> int | None:
        return employee_id_of(customer.owner)

    def get_owner_name(self, customer) -> str:
        return employee_name_of(customer.owner) if customer.owner_id else ""


class _CustomerWrite(serializers.Serializer):
    """Fields a role may set on a customer; ownership changes go through hand-over, grades through grading."""

    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=Customer._meta.get_field("kind").choices, required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    province = serializers.CharField(max_length=6, required=False, allow_blank=True, help_text="6-digit code")
    city = serializers.CharField(max_length=6, required=False, allow_blank=True, help_text="6-digit code")
    district = serializers.CharField(max_length=6, required=False, allow_blank=True, help_text="6-digit code")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Customer._meta.get_field("source").choices, required=False,
                                     allow_blank=True)
    region = serializers.PrimaryKeyRelatedField(queryset=org_selectors.list_regions(), required=False,
                                                allow_null=True, help_text="Overrides the region of the address")
    is_member = serializers.BooleanField(required=False)
    is_key_account = serializers.BooleanField(required=False)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, queryset=Tag.objects.all(), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    basic = BLOCK_SERIALIZERS["basic"](required=False)
    characteristics = BLOCK_SERIALIZERS["characteristics"](required=False)
    business = BLOCK_SERIALIZERS["business"](required=False)
    trade = BLOCK_SERIALIZERS["trade"](required=False)
    allow_duplicate = serializers.BooleanField(required=False, default=False,
                                               help_text="Save even when the phone, credit code or name exists")

    def to_service_kwargs(self) -> dict:
        """validated_data as keyword arguments of the archive services."""
        data = dict(self.validated_data)
        for block in ARCHIVE_BLOCKS:
            data.update(data.pop(block, {}))
        for api_name, field in ADDRESS_FIELDS.items():
            if api_name in data:
                data[field] = data.pop(api_name)
        if "owner" in data:
            data["owner"] = data["owner"].user
        if "contacts" in data:  # the service makes the first contact primary
            contacts = sorted(data["contacts"], key=lambda c: not c.get("is_primary", False))
            data["contacts"] = [{k: v for k, v in c.items() if k != "is_primary"} for c in contacts]
        return data


class CustomerCreateSerializer(_CustomerWrite):
    owner = serializers.PrimaryKeyRelatedField(queryset=org_selectors.list_employees_for(None), required=False,
                                               help_text="Employee id; the caller by default")
    contacts = ContactWriteSerializer(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # absent while the OpenAPI schema is generated
            self.fields["owner"].queryset = org_selectors.list_employees_for(request.user)


class CustomerUpdateSerializer(_CustomerWrite):
    pass


class HandoverSerializer(serializers.Serializer):
    from_owner = serializers.PrimaryKeyRelatedField(queryset=org_selectors.list_employees_for(None),
                                                    help_text="Employee id of the rep handing over")
    to_owner = serializers.PrimaryKeyRelatedField(queryset=org_selectors.list_employees_for(None),
                                                  help_text="Employee id of the rep taking over")
    customers = serializers.ListField(child=IdField(), required=False,
                                      help_text="Only these customer ids (default: all of from_owner's)")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name in ("from_owner", "to_owner"):
                self.fields[name].queryset = org_selectors.list_employees_for(request.user)


class HandoverResultSerializer(serializers.Serializer):
    moved = serializers.IntegerField()


class MergeSerializer(serializers.Serializer):
    duplicate = IdField(help_text="Id of the customer folded into this one")


class RevealPhoneSerializer(serializers.Serializer):
    contact = IdField(required=False, help_text="A contact's phone instead of the customer's")


class RevealedPhoneSerializer(serializers.Serializer):
    id = IdField()
    contact = IdField(allow_null=True)
    phone = serializers.CharField()


class ActivityBriefSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "kind", "kind_label", "subject", "occurred_at", "owner_name", "next_step"]

    def get_owner_name(self, activity) -> str:
        return employee_name_of(activity.owner)


class OpenItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    url = serializers.CharField()


class CustomerCardSerializer(_MaskedPhone, serializers.Serializer):
    """The screen-pop card: who is calling, whose customer it is, what happened lately and what is open."""

    id = serializers.IntegerField(source="customer.id")
    name = serializers.CharField(source="customer.name")
    kind = serializers.CharField(source="customer.kind")
    kind_label = serializers.CharField(source="customer.get_kind_display")
    grade = serializers.CharField(source="customer.grade")
    is_key_account = serializers.BooleanField(source="customer.is_key_account")
    region_name = serializers.CharField(source="customer.region.display_name", default="")
    owner = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True)
    activities = ActivityBriefSerializer(many=True)
    open_items = OpenItemSerializer(many=True)

    def get_owner(self, card) -> int | None:
        return employee_id_of(card.customer.owner)

    def get_owner_name(self, card) -> str:
        return employee_name_of(card.customer.owner) if card.customer.owner_id else ""

    def get_phone(self, card) -> str:
        return self.shown_phone(card.customer.phone)


class CompositionRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=18, decimal_places=2)


class CompositionSerializer(serializers.Serializer):
    by = serializers.CharField()
    count = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=18, decimal_places=2)
    rows = CompositionRowSerializer(many=True)
