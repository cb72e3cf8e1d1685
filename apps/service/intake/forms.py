"""Forms of the public support pages; they clean input and turn robots away, the intake services write."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalize_phone
from core.rules import value as rule_value

from ..choices import TicketKind
from . import guard
from .web import normalize_number

HONEYPOT = "website"  # hidden from people; robots fill in every field they find
TOKEN = "rendered"
ATTACHMENT_TYPES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
                    ".txt", ".mp4", ".mov"}


class SupportRequestForm(forms.Form):
    """A customer's request, in the order a customer thinks of it: what kind, who, what product, what happened."""

    kind = forms.ChoiceField(label=_("What can we do for you?"), choices=TicketKind.choices,
                             initial=TicketKind.INQUIRY, widget=forms.RadioSelect)
    caller_name = forms.CharField(label=_("Your name"), max_length=60,
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Mobile or phone"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("We call you back on this number; with it you can check the status later."))
    email = forms.EmailField(label=_("Email (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             help_text=_("Our replies are also sent here."))
    product = forms.CharField(label=_("Product"), max_length=100, required=False)
    model_no = forms.CharField(label=_("Model"), max_length=60, required=False)
    serial_no = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Please describe it"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(label=_("Photo or document (optional)"), required=False)

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        limit_mb = rule_value("service.web_form_attachment_mb")
        if upload.size > limit_mb * 1024 * 1024:
            raise ValidationError(_("Files up to %(mb)s MB can be attached.") % {"mb": limit_mb}, code="too_large")
        if Path(upload.name).suffix.lower() not in ATTACHMENT_TYPES:
            raise ValidationError(_("Attach a photo, a video, a PDF, a Word or Excel file or a text file."),
                                  code="file_type")
        return upload

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(_("We could not accept this request. Please call our service hotline."),
                                  code="rejected")
        age = guard.form_age(self.data.get(TOKEN, ""))
        if age is None:
            raise ValidationError(_("This page had expired. Please check your entries and send them again."),
                                  code="expired")
        if guard.too_fast(age):
            raise ValidationError(_("That was very quick. Please check your entries and send them again."),
                                  code="too_fast")
        if guard.too_many_links(data.get("subject", ""), data.get("description", "")):
            self.add_error("description", ValidationError(
                _("Please include at most %(count)s links.") % {"count": rule_value("service.web_form_max_links")},
                code="too_many_links"))
        return data


class StatusLookupForm(forms.Form):
    """Ticket number and phone: both must match one ticket."""

    number = forms.CharField(label=_("Ticket number"), max_length=30,
                             widget=forms.TextInput(attrs={"placeholder": "T2026112500012", "autocomplete": "off",
                                                           "autocapitalize": "characters", "spellcheck": "false"}))
    phone = forms.CharField(label=_("Phone"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("The number you gave us, or its last 4 digits."))

    def clean_number(self):
        number = normalize_number(self.cleaned_data["number"])
        if not number:
            raise ValidationError(_("Enter the ticket number as on your confirmation, e.g. T2026112500012."),
                                  code="invalid")
        return number
