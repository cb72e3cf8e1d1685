"""Forms of the catalogue pages; they collect input, services validate and write."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from apps.org import access as org_access
from apps.org import selectors as org_selectors
from core.rules import value as rule_value

from . import access
from .choices import AdjustmentType, PriceTier, ProductStatus, Unit, WarehouseKind, WindowKind
from .models import Category, Product, Warehouse

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
QTY = {"max_digits": 14, "decimal_places": 3}


def _tier_choices(user, blank: str | None = None) -> list:
    tiers = [(t, PriceTier(t).label) for t in access.visible_tiers(user)]
    return [("", blank), *tiers] if blank is not None else tiers


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(label=_("Parent category"), queryset=Category.objects.all(), required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)

    def __init__(self, *args, instance: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["parent"].queryset = Category.objects.exclude(path__startswith=instance.path)


class ProductForm(forms.Form):
    """In the order of a product sheet: identity, classification, logistics, service, life."""

    sku = forms.CharField(label=_("SKU"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    model = forms.CharField(label=_("Model"), max_length=60, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), max_digits=10, decimal_places=3, min_value=0,
                                   required=False)
    warranty_months = forms.IntegerField(label=_("Warranty (months)"), min_value=0, max_value=120, initial=0)
    is_serial_tracked = forms.BooleanField(label=_("Serial-number tracked"), required=False)
    is_spare_part = forms.BooleanField(label=_("Spare part (priced in the parts list)"), required=False)
    reorder_level = forms.DecimalField(label=_("Reorder level"), min_value=0, initial=0, **QTY,
                                       help_text=_("Stock in a warehouse below this is shown as low."))
    launched_on = forms.DateField(label=_("Launched on"), required=False, widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RetireForm(forms.Form):
    retired_on = forms.DateField(label=_("Retired on"), widget=DATE)


class WarehouseForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=WarehouseKind.choices)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), required=False,
                                      queryset=org_access.org_units_visible_to(AnonymousUser()))
    region = forms.ModelChoiceField(label=_("Region"), queryset=org_selectors.list_regions(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = org_access.org_units_visible_to(user).filter(is_active=True)


class MovementForm(forms.Form):
    """Receive, issue, transfer or adjust: the fields a store keeper fills from the paper slip."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all())
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.filter(is_active=True))
    to_warehouse = forms.ModelChoiceField(label=_("To warehouse"), queryset=Warehouse.objects.filter(is_active=True))
    quantity = forms.DecimalField(label=_("Quantity"), **QTY,
                                  widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}))
    reference = forms.CharField(label=_("Reference (slip number)"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.select_related("category")
        if kind != "transfer":
            del self.fields["to_warehouse"]
        if kind == "adjustment":
            self.fields["quantity"].help_text = _("Signed: −2 books two units off, 3 adds three.")
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
        else:
            self.fields["quantity"].min_value = 0


class StockCountCreateForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.filter(is_active=True))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PriceListForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"))
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("e.g. agent-202601"))
    name = forms.CharField(label=_("Name"), max_length=100)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    effective_to = forms.DateField(label=_("Effective to"), widget=DATE, required=False,
                                   help_text=_("Empty: until a newer version starts."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = _tier_choices(user)


class PriceItemForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all())
    min_quantity = forms.DecimalField(label=_("From quantity"), min_value=0, initial=1, **QTY)
    unit_price = forms.DecimalField(label=_("Unit price"), min_value=0, max_digits=14, decimal_places=2)


class PriceWindowForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=WindowKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    tier = forms.ChoiceField(label=_("Tier"), required=False)
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    adjustment_type = forms.ChoiceField(label=_("Adjustment"), choices=AdjustmentType.choices)
    percent = forms.DecimalField(label=_("Percent"), max_digits=6, decimal_places=2, required=False,
                                 help_text=_("+5 raises prices by 5 %, −8 lowers them by 8 %."))
    fixed_price = forms.DecimalField(label=_("Fixed price"), max_digits=14, decimal_places=2, min_value=0,
                                     required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = _tier_choices(user, blank=str(_("Every tier")))


class QuoteForm(forms.Form):
    """The price calculator: who buys (tier, grade), what, how many, when."""

    tier = forms.ChoiceField(label=_("Channel tier"))
    grade = forms.ChoiceField(label=_("Customer grade"), required=False)
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.filter(
        status=ProductStatus.ACTIVE))
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, initial=1, **QTY,
                                  widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}))
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = _tier_choices(user)
        self.fields["grade"].choices = [("", "—"), *((g, g) for g in sorted(rule_value("catalog.grade_discounts")))]
        self.fields["product"].queryset = access.products_visible_to(user).filter(status=ProductStatus.ACTIVE)
