"""Forms of the sales process, in the order a rep fills them in after a call or a visit."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import divisions

from . import pipeline_workflow as workflow
from . import selectors
from .choices import ActivityKind, CustomerSource, OpportunityStage
from .models import Contact, Opportunity

_DATE = {"type": "date"}
_DATETIME = {"type": "datetime-local"}


def _date_input():
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")


def _datetime_input():
    return forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M")


def _owners(user, current_owner_id: int | None = None):
    """Whom the user may pick as owner, plus the current owner so an edit need not hand the record over."""
    users = selectors.assignable_users_for(user)
    if current_owner_id is None:
        return users
    return get_user_model().objects.filter(Q(pk__in=users.values("pk")) | Q(pk=current_owner_id)).order_by(
        "first_name", "username")


class _OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.first_name or obj.username


class ActivityForm(forms.Form):
    """Kind, subject, outcome, next step and reminder first: what a rep types straight after hanging up."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial=ActivityKind.CALL)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    remind_at = forms.DateTimeField(label=_("Remind me at"), required=False, widget=_datetime_input())
    occurred_at = forms.DateTimeField(label=_("When"), required=False, widget=_datetime_input(),
                                      help_text=_("Leave empty for now."))
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none(), required=False)
    opportunity = forms.ModelChoiceField(label=_("Opportunity"), queryset=Opportunity.objects.none(), required=False)

    def __init__(self, *args, user, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = customer.contacts.all()
        self.fields["opportunity"].queryset = selectors.list_opportunities_for(user, customer=customer).filter(
            stage__in=workflow.OPEN_STAGES)

    def clean_occurred_at(self):
        return self.cleaned_data["occurred_at"] or timezone.now()


class OpportunityForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), choices=[(s.value, s.label) for s in workflow.OPEN_STAGES],
                              initial=OpportunityStage.APPROACH)
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=16, decimal_places=2, min_value=0, initial=0)
    expected_close = forms.DateField(label=_("Expected close"), required=False, widget=_date_input())
    products = forms.CharField(label=_("Products of interest"), max_length=300, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *CustomerSource.choices], required=False)
    owner = _OwnerChoice(label=_("Owner"), queryset=None)

    def __init__(self, *args, user, opportunity: Opportunity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = selectors.customer_choices_for(user)
        self.fields["owner"].queryset = _owners(user, opportunity.owner_id if opportunity else None)
        self.fields["owner"].initial = user.pk
        if opportunity is not None:  # the customer and the stage do not change here
            del self.fields["customer"]
            del self.fields["stage"]


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=OpportunityStage.choices)
    lost_reason = forms.CharField(label=_("Lost reason"), max_length=200, required=False)
    before = forms.IntegerField(required=False, widget=forms.HiddenInput,
                                help_text=_("Card the moved one is dropped above."))


class VisitPlanForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    planned_on = forms.DateField(label=_("Day"), widget=_date_input())
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = selectors.customer_choices_for(user)


class VisitMoveForm(forms.Form):
    planned_on = forms.DateField(label=_("Day"), widget=_date_input())


def _province_choices():
    return [("", "—"), *((d.code, d.name) for d in divisions.children(""))]


def _city_choices():
    return [("", "—"), *((p.name, [(c.code, c.name) for c in divisions.children(p.code)])
                         for p in divisions.children(""))]


class LeadForm(forms.Form):
    """Name and company, how to reach them, where they are, where they came from and what they want."""

    name = forms.CharField(label=_("Contact name"), max_length=60)
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    province_code = forms.ChoiceField(label=_("Province"), required=False)
    city_code = forms.ChoiceField(label=_("City"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *CustomerSource.choices], required=False)
    interest = forms.CharField(label=_("Interest"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = _OwnerChoice(label=_("Owner"), queryset=None)

    def __init__(self, *args, user, lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = _province_choices()
        self.fields["city_code"].choices = _city_choices()
        if lead is None:
            self.fields["owner"].queryset = _owners(user)
            self.fields["owner"].initial = user.pk
        else:  # the owner changes through "assign"
            del self.fields["owner"]

    def clean(self):
        data = super().clean()
        province, city = data.get("province_code"), data.get("city_code")
        if city and not province:
            data["province_code"] = province = city[:2] + "0000"
        if city and city[:2] != province[:2]:
            self.add_error("city_code", ValidationError(_("The city is not in the chosen province.")))
        return data


class AssignForm(forms.Form):
    owner = _OwnerChoice(label=_("Owner"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.assignable_users_for(user)


class ConvertForm(forms.Form):
    opportunity_name = forms.CharField(label=_("Opportunity name"), max_length=200, required=False,
                                       help_text=_("Leave empty to name it after the customer and the interest."))
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=16, decimal_places=2, min_value=0, initial=0)
    expected_close = forms.DateField(label=_("Expected close"), required=False, widget=_date_input())
