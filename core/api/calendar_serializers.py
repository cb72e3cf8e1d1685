"""Input and output shapes of the calendar API."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField
from core.calendars import get_calendar
from core.models import OfficialDay, WorkCalendar
from core.workcal import REASON_LABELS

MAX_RANGE_DAYS = 366
_WINDOW = {"type": "array", "items": {"type": "string", "example": "09:00"}, "minItems": 2, "maxItems": 2}


@extend_schema_field({
    "type": "object", "additionalProperties": {"type": "array", "items": _WINDOW},
    "example": {"mon": [["09:00", "12:00"], ["13:30", "18:00"]], "sat": [], "sun": []},
})
class WeeklyHoursField(serializers.JSONField):
    """Open windows per weekday (mon … sun), each ["HH:MM", "HH:MM"]; "24:00" may end a day."""


class QueryDateTimeField(serializers.DateTimeField):
    """A datetime from a query string, where an unencoded "+" before the offset arrives as a space."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value.strip())
        return super().to_internal_value(value)


class ExtraDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField()
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WorkCalendarSerializer(serializers.ModelSerializer):
    weekly_hours = WeeklyHoursField(read_only=True)
    extra_days = ExtraDaySerializer(many=True, read_only=True)

    class Meta:
        model = WorkCalendar
        fields = ["id", "name", "timezone", "weekly_hours", "follows_china_calendar", "extra_days", "is_default"]


class WorkCalendarWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    timezone = serializers.CharField(max_length=64, required=False)
    weekly_hours = WeeklyHoursField()
    follows_china_calendar = serializers.BooleanField(required=False)
    is_default = serializers.BooleanField(required=False)
    extra_days = ExtraDaySerializer(many=True, required=False, help_text="Replaces the calendar's whole list.")


class OfficialDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficialDay
        fields = ["id", "date", "is_working_day", "name"]


class OfficialDayWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField()
    name = serializers.CharField(max_length=100)


# -- calculations --------------------------------------------------------------------------------------------


class _CalendarQuery(serializers.Serializer):
    calendar = IdField(required=False,
                                        help_text="Calendar id; the default calendar when absent.")

    def validate(self, attrs):
        try:
            attrs["engine"] = get_calendar(attrs.get("calendar"))
        except WorkCalendar.DoesNotExist as exc:
            raise serializers.ValidationError({"calendar": [_("No such calendar.")]}) from exc
        return attrs


class DayRangeQuerySerializer(_CalendarQuery):
    # `from` is a Python keyword, so the field is declared through the class namespace.
    locals()["from"] = serializers.DateField(help_text="First date, YYYY-MM-DD.")
    to = serializers.DateField(help_text=f"Last date (inclusive), at most {MAX_RANGE_DAYS} days after `from`.")

    def validate(self, attrs):
        span = (attrs["to"] - attrs["from"]).days
        if span < 0:
            raise serializers.ValidationError({"to": [_("Must not be before the first date.")]})
        if span >= MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"to": [_("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}]})
        return super().validate(attrs)


class AddWorkingTimeQuerySerializer(_CalendarQuery):
    start = QueryDateTimeField(help_text="ISO 8601 with offset, e.g. 2026-09-30T17:00:00+08:00.")
    days = serializers.IntegerField(required=False, min_value=0, max_value=3660, help_text="Working days to add.")
    hours = serializers.DecimalField(required=False, min_value=0, max_value=87840, max_digits=10, decimal_places=4,
                                     help_text="Open hours to add (may be combined with minutes).")
    minutes = serializers.IntegerField(required=False, min_value=0, max_value=5_270_400,
                                       help_text="Open minutes to add.")

    def validate(self, attrs):
        clock = "hours" in attrs or "minutes" in attrs
        if "days" in attrs and clock:
            raise serializers.ValidationError({"days": [_("Give either days, or hours and/or minutes.")]})
        if "days" not in attrs and not clock:
            raise serializers.ValidationError({"days": [_("Give days, hours or minutes to add.")]})
        return super().validate(attrs)


class DayReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(REASON_LABELS))
    label = serializers.CharField()
    name = serializers.CharField(help_text="Holiday or company day name, e.g. 春节; empty for plain days.")


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField()
    reason = DayReasonSerializer()


class DayListSerializer(serializers.Serializer):
    calendar = IdField()
    days = DaySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class WorkingTimeResultSerializer(serializers.Serializer):
    start = serializers.CharField(help_text="ISO 8601 in the calendar's time zone.")
    result = serializers.CharField(help_text="ISO 8601 in the calendar's time zone.")
    calendar = IdField()
    warnings = serializers.ListField(child=serializers.CharField())
