"""Forms of the calendar admin page: weekly hours typed as text, company and official days."""

import re
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .calendars import WEEKDAY_LABELS
from .workcal import WEEKDAYS

_WINDOW = re.compile(r"(\d{1,2}):(\d\d)\s*[-–~至]\s*(\d{1,2}):(\d\d)")


def format_windows(windows) -> str:
    """[["09:00", "12:00"], ["13:30", "18:00"]] as "09:00-12:00, 13:30-18:00"."""
    return ", ".join(f"{start}-{end}" for start, end in windows)


def hours_summary(weekly_hours: dict) -> list[str]:
    """Weekly hours as short lines, runs of days with the same windows together ("Monday–Friday 09:00-12:00")."""
    lines = []
    for text, run in groupby(WEEKDAYS, key=lambda day: format_windows(weekly_hours.get(day) or [])):
        days = list(run)
        if text:
            span = str(WEEKDAY_LABELS[days[0]]) + (f"–{WEEKDAY_LABELS[days[-1]]}" if len(days) > 1 else "")
            lines.append(f"{span} {text}")
    return lines


class WindowsField(forms.CharField):
    """Open windows of one weekday typed as `09:00-12:00, 13:30-18:00`; empty means closed."""

    def to_python(self, value):
        windows = []
        for part in filter(None, (p.strip() for p in re.split(r"[,，;；]", super().to_python(value)))):
            match = _WINDOW.fullmatch(part)
            if match is None:
                raise ValidationError(_("Write the hours like 09:00-12:00, 13:30-18:00 (empty: closed)."))
            hour, minute, end_hour, end_minute = match.groups()
            windows.append([f"{int(hour):02d}:{minute}", f"{int(end_hour):02d}:{end_minute}"])
        return windows

    def prepare_value(self, value):
        return format_windows(value) if isinstance(value, list) else value


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    timezone = forms.CharField(label=_("Time zone"), max_length=64, initial="Asia/Shanghai")
    follows_china_calendar = forms.BooleanField(
        label=_("Follows China's official calendar (statutory holidays off, adjusted weekends 调休 on)"),
        required=False, initial=True)
    is_default = forms.BooleanField(label=_("Default calendar"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            closed = pgettext_lazy("calendar day", "Closed")
            self.fields[day] = WindowsField(label=WEEKDAY_LABELS[day], required=False,
                                            widget=forms.TextInput(attrs={"placeholder": closed}))
        self.order_fields(["name", "timezone", *WEEKDAYS])

    @staticmethod
    def initial_for(calendar) -> dict:
        """Form values of an existing calendar."""
        return {"name": calendar.name, "timezone": calendar.timezone, **calendar.weekly_hours,
                "follows_china_calendar": calendar.follows_china_calendar, "is_default": calendar.is_default}

    def calendar_data(self) -> dict:
        """The cleaned values as keyword arguments for the calendar services."""
        data = self.cleaned_data
        return {"name": data["name"], "timezone": data["timezone"],
                "weekly_hours": {day: data[day] for day in WEEKDAYS},
                "follows_china_calendar": data["follows_china_calendar"], "is_default": data["is_default"]}


class SpecialDayForm(forms.Form):
    """A company extra day or an official day: a date, holiday or working day, and a name."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working_day = forms.TypedChoiceField(
        label=_("Kind"), coerce=lambda value: value == "1",
        choices=[("0", _("Holiday (closed)")), ("1", _("Working day"))])
    name = forms.CharField(label=_("Name"), max_length=100)
