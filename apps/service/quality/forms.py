"""Forms of the quality pages: the monthly sample, the score sheet, the evaluation form editor, the report month."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.parsing import parse_id

from ..models import EvaluationTemplate
from . import rules


class MonthField(forms.CharField):
    """A month as <input type="month"> (YYYY-MM) → the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        period = rules.parse_period(value)
        if period is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return period

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if hasattr(value, "strftime") else value


class SampleForm(forms.Form):
    period = MonthField(label=_("Month"))
    template = forms.ModelChoiceField(EvaluationTemplate.objects.none(), label=_("Evaluation form"))
    size = forms.IntegerField(label=_("Tickets per agent"), min_value=1, max_value=100, required=False,
                              help_text=_("Empty: the number set in the rule parameters."))
    team = forms.ModelChoiceField(None, label=_("Only agents of"), required=False, empty_label=_("All agents"))

    def __init__(self, *args, templates=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["team"].queryset = teams
        if not self.is_bound:
            self.initial.setdefault("period", rules.previous_month(timezone.localdate()))
            first = templates.first() if templates is not None else None
            if first is not None:
                self.initial.setdefault("template", first.pk)


class ScoreForm(forms.Form):
    """One points field (0 to the item's maximum) and a comment per active item of the form, then a summary."""

    def __init__(self, *args, items=(), evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        given = {s.item_id: s for s in evaluation.scores.all()} if evaluation is not None else {}
        for item in self.items:
            self.fields[f"points_{item.pk}"] = forms.DecimalField(
                label=item.name, min_value=0, max_value=item.max_points, decimal_places=2, help_text=item.description,
                initial=given[item.pk].points if item.pk in given else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment on %(item)s") % {"item": item.name}, max_length=300, required=False,
                initial=given[item.pk].comment if item.pk in given else "")
        self.fields["comment"] = forms.CharField(label=_("Overall comment"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 3}),
                                                 initial=evaluation.comment if evaluation is not None else "")

    def rows(self):
        """(item, points field, comment field) for the template's table."""
        return [(item, self[f"points_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {item.pk: {"points": data[f"points_{item.pk}"], "comment": data.get(f"comment_{item.pk}", "")}
                for item in self.items}


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


def posted_items(data) -> list[dict]:
    """The form editor's item rows (parallel lists item_id, item_name, …); rows left blank are dropped."""
    columns = {key: data.getlist(f"item_{key}") for key in ("id", "name", "description", "max_points", "weight")}
    items = []
    for index, name in enumerate(columns["name"]):
        row = {key: values[index] if index < len(values) else "" for key, values in columns.items()}
        if not (name.strip() or row["max_points"].strip()):
            continue
        row["id"] = parse_id(row["id"])
        row["weight"] = row["weight"].strip() or "1"
        items.append(row)
    return items


class ReportMonthForm(forms.Form):
    period = MonthField(label=_("Month"))
    send = forms.BooleanField(label=_("Email it to the departments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("period", rules.previous_month(timezone.localdate()))
