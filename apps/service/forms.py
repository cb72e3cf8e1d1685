"""Forms of the service-desk pages; they only clean input, the services write."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.phones import normalize_phone

from .choices import ComplaintSubtype, ComplaintType, TicketChannel, TicketKind, TicketPriority
from .models import RoutingRule, SLAPolicy, TicketCategory
from .selectors import list_categories, work_units_for

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories indented by depth, so the tree reads in a plain select."""

    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.display_name}"


def _blank(choices):
    return [("", "—"), *choices]


class TicketForm(forms.Form):
    """A new ticket in the order of a call: who calls, what kind, what about, then details."""

    phone = forms.CharField(label=_("Caller's phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "tel",
                                                          "autocomplete": "off"}))
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    caller_name = forms.CharField(label=_("Caller's name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketKind.choices, initial=TicketKind.INQUIRY,
                             widget=forms.RadioSelect)
    complaint_type = forms.ChoiceField(label=_("Complaint type"), choices=_blank(ComplaintType.choices),
                                       required=False)
    complaint_subtype = forms.ChoiceField(label=_("Communication complaint kind"),
                                          choices=_blank(ComplaintSubtype.choices), required=False)
    category = CategoryChoiceField(label=_("Category"), queryset=TicketCategory.objects.none(), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=TicketPriority.choices, initial=TicketPriority.NORMAL)
    channel = forms.ChoiceField(label=_("Channel"), choices=TicketChannel.choices, initial=TicketChannel.HOTLINE)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("What the customer says"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    product = forms.CharField(label=_("Product"), max_length=100, required=False)
    model_no = forms.CharField(label=_("Model"), max_length=60, required=False)
    serial_no = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=DATE)
    fault = forms.CharField(label=_("Fault"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    churn_risk = forms.BooleanField(label=_("Customer threatens to leave"), required=False)
    media_threat = forms.BooleanField(label=_("Media or legal threat"), required=False)
    batch_quality_issue = forms.BooleanField(label=_("Batch quality issue"), required=False)
    is_major = forms.BooleanField(label=_("Major (report to the department head now)"), required=False)
    received_at = forms.DateTimeField(label=_("Received at"), required=False, widget=DATETIME,
                                      help_text=_("Leave empty for now; for a voicemail, when the customer called."))
    assign_to_me = forms.BooleanField(label=_("I handle it myself"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_categories()
        self.fields["phone"].widget.attrs.update({
            "hx-get": reverse("service:lookup"), "hx-trigger": "input changed delay:400ms, blur",
            "hx-target": "#caller-lookup", "hx-params": "phone"})

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("customer"):
            self.add_error("phone", _("Give the caller's phone or choose a customer."))
        return data


class FiveClearsForm(forms.Form):
    facts = forms.CharField(label=_("Facts heard and asked (听清楚/问清楚)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    next_reply_at = forms.DateTimeField(label=_("Next reply promised for (跟清楚)"), required=False, widget=DATETIME)
    reply_to_customer = forms.CharField(label=_("Reply given to the customer (复清楚)"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("Cause (记清楚)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handling = forms.CharField(label=_("Handling (记清楚)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("Result (记清楚)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TicketEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketKind.choices)
    complaint_type = forms.ChoiceField(label=_("Complaint type"), choices=_blank(ComplaintType.choices),
                                       required=False)
    complaint_subtype = forms.ChoiceField(label=_("Communication complaint kind"),
                                          choices=_blank(ComplaintSubtype.choices), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=TicketPriority.choices)
    category = CategoryChoiceField(label=_("Category"), queryset=TicketCategory.objects.none(), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    caller_name = forms.CharField(label=_("Caller's name"), max_length=60, required=False)
    product = forms.CharField(label=_("Product"), max_length=100, required=False)
    model_no = forms.CharField(label=_("Model"), max_length=60, required=False)
    serial_no = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=DATE)
    fault = forms.CharField(label=_("Fault"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None, required=False)
    churn_risk = forms.BooleanField(label=_("Customer threatens to leave"), required=False)
    media_threat = forms.BooleanField(label=_("Media or legal threat"), required=False)
    batch_quality_issue = forms.BooleanField(label=_("Batch quality issue"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_categories()
        self.fields["department"].queryset = work_units_for(user)


class TransferForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    assignee = forms.ModelChoiceField(label=pgettext_lazy("service agent", "Agent"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, user, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = work_units_for(user)
        self.fields["assignee"].queryset = get_user_model().objects.filter(pk__in=[u.pk for u in assignees])


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SLAPolicy
        fields = ["name", "position", "is_active", "is_default", "kind", "complaint_type", "priority", "is_major",
                  "customer_grade", "first_response_target", "first_response_unit", "resolution_target",
                  "resolution_unit", "return_visit_target", "return_visit_unit", "calendar"]


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["name", "position", "is_active", "kind", "category", "product", "region", "customer_grade", "team",
                  "department", "assignment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = work_units_for(user)
        self.fields["department"].queryset = work_units_for(user)
        self.fields["category"] = CategoryChoiceField(label=_("Category"), queryset=list_categories(),
                                                      required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    name_en = forms.CharField(label=_("English name"), max_length=60, required=False)
    parent = CategoryChoiceField(label=_("Parent category"), queryset=TicketCategory.objects.none(), required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = list_categories(active_only=False)
