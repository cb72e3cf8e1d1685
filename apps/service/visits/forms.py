"""Forms of the return-visit pages and of the customer's satisfaction page; they only clean input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors import work_units_for

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SCORES = [(str(n), str(n)) for n in range(1, 6)]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RecordForm(forms.Form):
    """One call, in the order of the script: reached? satisfied? score, the customer's words, suggestions."""

    reached = forms.ChoiceField(label=_("Customer reached"), choices=YES_NO, widget=forms.RadioSelect)
    satisfied = forms.ChoiceField(label=_("Satisfied"), choices=YES_NO, widget=forms.RadioSelect, required=False)
    score = forms.ChoiceField(label=_("Score (1–5)"), choices=SCORES, widget=forms.RadioSelect, required=False)
    comment = forms.CharField(label=_("What the customer said"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Not reached: what happened (no answer, switched off…). Unsatisfied: why "
                                          "— the ticket is reopened with these words."))
    suggestions = forms.CharField(label=_("Suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def outcome(self) -> dict:
        """The cleaned data as the service's arguments."""
        data = self.cleaned_data
        reached = _yes_no(data["reached"])
        return {"reached": bool(reached), "satisfied": _yes_no(data.get("satisfied", "")) if reached else None,
                "score": int(data["score"]) if reached and data.get("score") else None,
                "comment": data.get("comment", ""), "suggestions": data.get("suggestions", "") if reached else ""}


class ScheduleForm(forms.Form):
    call_at = forms.DateTimeField(label=_("Call at"), widget=DATETIME)
    agreed = forms.BooleanField(label=_("The customer agreed this time on the phone"), required=False,
                                help_text=_("An agreed time is kept even in the customer's quiet hours; any other "
                                            "time is moved out of them."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StepForm(forms.Form):
    """Completing a follow-up step: the department (when forwarding) and what was done."""

    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None, required=False)
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = work_units_for(user)
        self.fields["department"].label_from_instance = lambda unit: unit.display_name


class SurveyForm(forms.Form):
    """What the customer answers on the satisfaction link (no login)."""

    satisfied = forms.ChoiceField(label=_("Are you satisfied with how we handled it?"),
                                  choices=[("yes", _("Satisfied")), ("no", _("Not satisfied"))],
                                  widget=forms.RadioSelect)
    score = forms.ChoiceField(label=_("Your score (5 is best)"), choices=SCORES, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Your opinion of our company, products and service"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    suggestions = forms.CharField(label=_("Your suggestions"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def outcome(self) -> dict:
        data = self.cleaned_data
        return {"reached": True, "satisfied": _yes_no(data["satisfied"]), "score": int(data["score"]),
                "comment": data.get("comment", ""), "suggestions": data.get("suggestions", "")}
