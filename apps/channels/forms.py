from django import forms
from django.utils.translation import gettext_lazy as _

from apps.customers.selectors.channels import partner_candidates_for, partner_company_contacts

from . import selectors
from .choices import EvidenceKind, PartnerGrade, PartnerTier
from .rules import CHECK_LABELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


def province_choices():
    return [(d.code, d.name) for d in selectors.provinces()]


class ApplicationForm(forms.Form):
    """In the order of the admission checklist (domain.md §4): who and what tier, figures, records, texts."""

    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    tier = forms.ChoiceField(label=_("Requested tier"), choices=PartnerTier.choices)
    registered_capital = forms.DecimalField(label=_("Registered capital (CNY)"), **MONEY)
    years_in_trade = forms.IntegerField(label=_("Years in the trade or similar products"), min_value=0, initial=0)
    annual_sales_capacity = forms.DecimalField(label=_("Annual sales capacity (CNY)"), **MONEY, initial=0)
    cash_flow = forms.DecimalField(label=_("Cash flow (CNY)"), **MONEY, initial=0)
    has_breach_record = forms.BooleanField(label=_("Has a breach record"), required=False)
    has_arrears_record = forms.BooleanField(label=_("Has withheld suppliers' payments"), required=False)
    team_details = forms.CharField(label=_("Team and management"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    capability = forms.CharField(label=_("Integration / construction capability"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("For system integrators and engineering contractors."))
    product_lines = forms.CharField(label=_("Product lines"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    downstream_customers = forms.CharField(label=_("Downstream customers"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    credit_notes = forms.CharField(label=_("Credit standing"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    territory_codes = forms.MultipleChoiceField(label=_("Territory asked for (provinces)"), required=False,
                                                choices=province_choices, widget=forms.SelectMultiple(
                                                    attrs={"size": 6}),
                                                help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = partner_candidates_for(user)
        for kind in EvidenceKind:
            self.fields[f"file_{kind.value}"] = forms.FileField(label=kind.label, required=False)

    def evidence_fields(self):
        return [self[f"file_{kind.value}"] for kind in EvidenceKind]

    def criteria(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("file_")
                and k not in {"customer", "tier"}}

    def documents(self) -> list:
        return [(kind.value, self.cleaned_data[f"file_{kind.value}"]) for kind in EvidenceKind
                if self.cleaned_data.get(f"file_{kind.value}")]


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, checks=(), initial_checks=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code in checks:
            self.fields[f"check_{code}"] = forms.BooleanField(
                label=CHECK_LABELS.get(code, code), required=False, initial=(initial_checks or {}).get(code, False))

    def checks(self) -> dict:
        return {k.removeprefix("check_"): v for k, v in self.cleaned_data.items() if k.startswith("check_")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PromoteForm(forms.Form):
    tier = forms.ChoiceField(label=_("Promote to"), choices=[(t.value, t.label) for t in
                                                             [PartnerTier.DISTRIBUTOR, PartnerTier.AGENT]])


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"))


class AuthorisationForm(forms.Form):
    file = forms.FileField(label=_("Authorisation letter"))


class PartnerForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", "—"), *PartnerGrade.choices], required=False)
    special = forms.BooleanField(label=_("Special price tier (special agent / distributor)"), required=False)
    authorised_products = forms.CharField(label=_("Authorised products / lines"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line."))
    authorised_from = forms.DateField(label=_("Authorised from"), required=False, widget=DATE)
    authorised_until = forms.DateField(label=_("Authorised until"), required=False, widget=DATE)
    exclusive = forms.BooleanField(label=_("Exclusive (no competing brands)"), required=False)
    credit_limit = forms.DecimalField(label=_("Credit limit (CNY)"), **MONEY)
    payment_term_days = forms.IntegerField(label=_("Payment term (days)"), min_value=0, max_value=365)
    parent = forms.ModelChoiceField(label=_("Works under (parent partner)"), queryset=None, required=False)
    office = forms.ModelChoiceField(label=_("Supervising office"), queryset=None, required=False)

    def __init__(self, *args, user, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.parent_candidates_for(user, partner)
        self.fields["office"].queryset = selectors.offices_for(user)

    def clean_authorised_products(self):
        return [line.strip() for line in self.cleaned_data["authorised_products"].splitlines() if line.strip()]


class TerritoryForm(forms.Form):
    province_code = forms.ChoiceField(label=_("Province"), choices=province_choices)
    city_code = forms.CharField(label=_("City"), required=False, help_text=_("Empty: the whole province."))


class PortalLoginForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=None)
    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+$", max_length=150)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = partner_company_contacts(partner.customer)


class ScorecardForm(forms.Form):
    service_level = forms.IntegerField(label=_("Service level (0–100)"), min_value=0, max_value=100)
    sales_amount = forms.DecimalField(label=_("Sales in the period (CNY)"), **MONEY)
    sales_quota = forms.DecimalField(label=_("Sales quota (CNY)"), **MONEY)
    payment_punctuality = forms.IntegerField(label=_("Payment punctuality (0–100)"), min_value=0, max_value=100)
    complaint_count = forms.IntegerField(label=_("Justified complaints"), min_value=0)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
