"""Customer archive forms, in the order a rep fills them on the phone: who, how to reach, where, then the blocks."""

from django import forms
from django.forms.models import fields_for_model
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from apps.org import selectors as org_selectors
from core import divisions
from core.parsing import parse_id
from core.phones import display_phone

from . import access
from .choices import CustomerKind, CustomerSource
from .models import Contact, Customer, Tag
from .services import ARCHIVE_BLOCKS

BLOCK_TITLES = {"basic": _("Basic data"), "characteristics": _("Characteristics"),
                "business": _("Business status"), "trade": _("Trade status")}
ADDRESS_CODES = ["province_code", "city_code", "district_code"]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 2})


class Section:
    """A titled group of a form's fields, shaped like a form for includes/form_fields.html."""

    def __init__(self, key: str, title, fields: list):
        self.key, self.title, self.fields = key, title, fields

    def visible_fields(self):
        return self.fields

    def hidden_fields(self):
        return []

    def non_field_errors(self):
        return []

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field in self.fields)


class EmployeeChoiceField(forms.ModelChoiceField):
    """An employee shown as 姓名 · 部门, the way people tell reps apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.org_unit.display_name}"


def _division_choices(parent: str) -> list[tuple[str, str]]:
    return [("", "—"), *((d.code, d.name) for d in divisions.children(parent))]


class CustomerForm(forms.Form):
    """Create (with owner and first contact) or edit (`customer` given) a customer archive."""

    name = forms.CharField(label=_("Customer name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=CustomerKind.choices, initial=CustomerKind.COMPANY)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    province_code = forms.ChoiceField(label=_("Province"), required=False)
    city_code = forms.ChoiceField(label=_("City"), required=False)
    district_code = forms.ChoiceField(label=_("District"), required=False)
    address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *CustomerSource.choices], required=False)
    owner = EmployeeChoiceField(label=_("Owning rep"), queryset=org_selectors.list_employees_for(None))
    region = forms.ModelChoiceField(label=_("Region"), queryset=org_selectors.list_regions(), required=False,
                                    empty_label=_("From the address"),
                                    help_text=_("Set only to override the region of the address."))
    tags = forms.ModelMultipleChoiceField(label=_("Tags"), queryset=Tag.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    is_member = forms.BooleanField(label=_("Member"), required=False)
    is_key_account = forms.BooleanField(label=_("Key account"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=_TEXT)
    allow_duplicate = forms.BooleanField(label=_("Save anyway and flag it as a possible duplicate"), required=False)

    def __init__(self, *args, user, customer: Customer | None = None, **kwargs):
        self.customer = customer
        if customer is not None:
            kwargs["initial"] = {**self._initial_of(customer, user), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for names in ARCHIVE_BLOCKS.values():
            self.fields.update(fields_for_model(Customer, fields=names, widgets=self._block_widgets(names)))
        if customer is None:
            self.fields["owner"].queryset = org_selectors.list_employees_for(user).exclude(status="left")
            self.fields["owner"].initial = self.fields["owner"].queryset.filter(user=user).first()
        else:
            del self.fields["owner"], self.fields["contact_name"]
        if not self.fields["tags"].queryset.exists():
            del self.fields["tags"]
        self._set_division_choices()
        for code in ("province_code", "city_code"):
            self.fields[code].widget.attrs.update({
                "hx-get": reverse_lazy("customers:divisions"), "hx-include": "#address-fields",
                "hx-target": "#address-fields", "hx-swap": "outerHTML", "hx-trigger": "change",
            })

    @staticmethod
    def _initial_of(customer: Customer, user) -> dict:
        names = [n for block in ARCHIVE_BLOCKS.values() for n in block]
        initial = {n: getattr(customer, n) for n in [*names, "name", "kind", "address", "source", "is_member",
                                                     "is_key_account", "notes", *ADDRESS_CODES]}
        initial["phone"] = display_phone(customer.phone, full=access.can_view_full_phone(user))
        initial["region"] = customer.region if customer.region_overridden else None
        initial["tags"] = list(customer.tags.all())
        return initial

    @staticmethod
    def _block_widgets(names) -> dict:
        widgets = {}
        for name in names:
            field = Customer._meta.get_field(name)
            if field.get_internal_type() == "DateField":
                widgets[name] = _DATE
            elif field.get_internal_type() == "TextField":
                widgets[name] = _TEXT
        return widgets

    def _value(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        return str(value or "")

    def _set_division_choices(self) -> None:
        """Cities of the chosen province, districts of the chosen city; a stale choice below a change is dropped."""
        province = self._value("province_code")
        city = self._value("city_code") if province and self._value("city_code")[:2] == province[:2] else ""
        self.fields["province_code"].choices = _division_choices("")
        self.fields["city_code"].choices = _division_choices(province) if province else [("", "—")]
        self.fields["district_code"].choices = _division_choices(city) if city else [("", "—")]

    def sections(self) -> list[Section]:
        """The always-open part of the form (the address is laid out by the template)."""
        main = ["name", "kind", "phone", "contact_name"]
        more = ["source", "owner", "region", "tags", "is_member", "is_key_account", "notes"]
        return [Section(key, "", [self[n] for n in names if n in self.fields])
                for key, names in (("main", main), ("more", more))]

    def blocks(self) -> list[Section]:
        return [Section(key, BLOCK_TITLES[key], [self[n] for n in names]) for key, names in ARCHIVE_BLOCKS.items()]

    def address_fields(self) -> list:
        return [self[n] for n in ADDRESS_CODES]

    def service_kwargs(self) -> dict:
        """cleaned_data as keyword arguments of create_customer / update_customer."""
        data = dict(self.cleaned_data)
        contact_name = data.pop("contact_name", "")
        if "owner" in data:
            data["owner"] = data["owner"].user
        if self.customer is not None and data["phone"] == self.initial.get("phone"):
            del data["phone"]  # unchanged (and possibly shown masked): keep the stored number
        if self.customer is None and contact_name:
            data["contacts"] = [{"name": contact_name}]
        return data


class ContactForm(forms.Form):
    """A contact person; an existing contact's phone is shown as the user may see it."""

    FIELDS = ["name", "title", "phone", "email", "wechat", "is_primary", "notes"]

    def __init__(self, *args, user, contact: Contact | None = None, **kwargs):
        if contact is not None:
            initial = {name: getattr(contact, name) for name in self.FIELDS}
            initial["phone"] = display_phone(contact.phone, full=access.can_view_full_phone(user))
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.contact = contact
        self.fields.update(fields_for_model(Contact, fields=self.FIELDS))
        self.fields["phone"] = forms.CharField(label=_("Phone"), max_length=30, required=False)  # before normalising
        self.fields["name"].label = _("Contact name")
        self.fields["title"].label = _("Job title")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if self.contact is not None and data["phone"] == self.initial.get("phone"):
            del data["phone"]
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.CharField(label=_("Kind"), max_length=40, required=False,
                           help_text=_("e.g. business licence, contract, survey"))


class HandoverForm(forms.Form):
    from_owner = EmployeeChoiceField(label=_("From rep"), queryset=org_selectors.list_employees_for(None))
    to_owner = EmployeeChoiceField(label=_("To rep"), queryset=org_selectors.list_employees_for(None))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("e.g. left the company, territory change"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        employees = org_selectors.list_employees_for(user)
        self.fields["from_owner"].queryset = employees.filter(user__customers__isnull=False).distinct()
        self.fields["to_owner"].queryset = employees.exclude(status="left").filter(user__is_active=True)

    def chosen(self, name: str):
        """The employee picked in an unbound form's initial data (the live preview), or None."""
        pk = parse_id(self.initial.get(name))
        return self.fields[name].queryset.filter(pk=pk).first() if pk else None
