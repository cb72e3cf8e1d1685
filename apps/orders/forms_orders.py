"""Forms of the orders area: order entry (header + lines), reasons, payments."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.catalog import access as catalog_access
from core import divisions

from . import access
from .choices import OrderChannel, OrderStatus, PaymentMethod, PaymentMode
from .selectors import orders as order_selectors

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _division_choices(parent: str) -> list[tuple[str, str]]:
    return [("", "—"), *((d.code, d.name) for d in divisions.children(parent))]


class CustomerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_grade_display() or '—'}"


class OrderForm(forms.Form):
    """The order header in the order of a phone call: who, how they pay, where it goes, when."""

    customer = CustomerChoiceField(label=_("Customer"), queryset=None)
    channel = forms.ChoiceField(label=_("Order channel"), choices=OrderChannel.choices, initial=OrderChannel.PHONE)
    payment_mode = forms.ChoiceField(label=_("Payment mode"), choices=PaymentMode.choices,
                                     initial=PaymentMode.PREPAYMENT)
    requested_date = forms.DateField(label=_("Requested delivery date"), required=False, widget=_DATE)
    province_code = forms.ChoiceField(label=_("Province"), required=False)
    city_code = forms.ChoiceField(label=_("City"), required=False)
    district_code = forms.ChoiceField(label=_("District"), required=False)
    address = forms.CharField(label=_("Street address"), max_length=200, required=False,
                              help_text=_("Leave the address empty to ship to the customer's own address."))
    receiver_name = forms.CharField(label=_("Receiver"), max_length=60, required=False)
    receiver_phone = forms.CharField(label=_("Receiver phone"), max_length=20, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = order_selectors.customers_for_orders(user).order_by("name")
        self.fields["customer"].widget.attrs.update({"autofocus": True, "data-order-customer": "1"})
        if access.is_partner_user(user):
            del self.fields["channel"]
        self._set_division_choices()
        for code in ("province_code", "city_code"):
            self.fields[code].widget.attrs.update({
                "hx-get": reverse_lazy("customers:divisions"), "hx-include": "#address-fields",
                "hx-target": "#address-fields", "hx-swap": "outerHTML", "hx-trigger": "change"})

    def _value(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        return str(value or "")

    def _set_division_choices(self) -> None:
        province = self._value("province_code")
        city = self._value("city_code") if province and self._value("city_code")[:2] == province[:2] else ""
        self.fields["province_code"].choices = _division_choices("")
        self.fields["city_code"].choices = _division_choices(province) if province else [("", "—")]
        self.fields["district_code"].choices = _division_choices(city) if city else [("", "—")]

    @property
    def address_fields(self):
        return [self["province_code"], self["city_code"], self["district_code"]]

    def header(self) -> dict:
        data = self.cleaned_data
        header = {"payment_mode": data["payment_mode"], "requested_date": data.get("requested_date"),
                  "notes": data.get("notes", "")}
        if "channel" in self.fields:
            header["channel"] = data["channel"]
        else:
            header["channel"] = OrderChannel.PORTAL
        return header

    def ship_to(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("province_code") or data.get("address")):
            return None
        return {k: data.get(k, "") for k in ("province_code", "city_code", "district_code", "address",
                                              "receiver_name", "receiver_phone")}


class LineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=14, decimal_places=3, required=False)
    unit_price = forms.DecimalField(label=_("Unit price"), min_value=0, max_digits=16, decimal_places=2,
                                    required=False, help_text=_("Empty: the resolved price."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (catalog_access.products_visible_to(user).filter(status="active")
                                           .order_by("sku"))
        if not access.can_set_price(user):
            del self.fields["unit_price"]

    def clean(self):
        data = super().clean()
        if data.get("product") and not data.get("quantity"):
            self.add_error("quantity", _("Enter a quantity above zero."))
        return data

    def line(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("product"):
            return None
        line = {"product": data["product"], "quantity": data["quantity"]}
        if data.get("unit_price") is not None:
            line["unit_price"] = data["unit_price"]
        return line


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"user": self.user}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, user=self.user, renderer=self.renderer)
        self.add_fields(form, None)
        return form

    def lines(self) -> list[dict]:
        return [line for form in self.forms if (line := form.line()) is not None]

    def clean(self):
        super().clean()
        if not any(form.cleaned_data.get("product") for form in self.forms if hasattr(form, "cleaned_data")):
            raise forms.ValidationError(_("Add at least one line."))


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=3, max_num=50)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PaymentForm(forms.Form):
    """Money received, in the order of the bank slip."""

    customer = CustomerChoiceField(label=_("Customer"), queryset=None)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=_DATE, initial=timezone.localdate)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices, initial=PaymentMethod.BANK_TRANSFER)
    reference = forms.CharField(label=_("Bank slip / transaction number"), max_length=100, required=False)
    order = forms.ModelChoiceField(label=_("For order (payment before delivery)"), queryset=None, required=False,
                                   help_text=_("Pick the order this money pays; empty settles the oldest invoices."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = order_selectors.customers_for_orders(user).order_by("name")
        self.fields["order"].queryset = access.orders_visible_to(user).filter(
            status__in=[OrderStatus.SUBMITTED, OrderStatus.ON_HOLD, OrderStatus.APPROVED,
                        OrderStatus.AWAITING_PAYMENT, OrderStatus.READY_TO_SHIP]).select_related("customer")

    def clean(self):
        data = super().clean()
        order, customer = data.get("order"), data.get("customer")
        if order is not None and customer is not None and order.customer_id != customer.pk:
            self.add_error("order", _("The order belongs to another customer."))
        return data
