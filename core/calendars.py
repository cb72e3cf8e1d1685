"""Working calendars from the database: the engine loader, and the only writers of calendars and official days."""

import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import config_cache
from .audit import record_event
from .models import CalendarExtraDay, OfficialDay, WorkCalendar
from .models.audit import AuditAction
from .workcal import WEEKDAYS, WorkingCalendar

WEEKDAY_LABELS = dict(zip(WEEKDAYS, [gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"),
                                     gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday"),
                                     gettext_lazy("Sunday")], strict=True))
_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")


# -- reading -------------------------------------------------------------------------------------------------


def list_calendars():
    """All calendars, default first, with their extra days prefetched."""
    return WorkCalendar.objects.prefetch_related("extra_days")


def engine_for(calendar: WorkCalendar) -> WorkingCalendar:
    """The engine for one calendar row."""
    official = OfficialDay.objects.values_list("date", "is_working_day", "name")
    return WorkingCalendar(
        weekly_hours=calendar.weekly_hours, timezone=calendar.timezone, name=calendar.name, calendar_id=calendar.pk,
        follows_china_calendar=calendar.follows_china_calendar,
        official_days=official if calendar.follows_china_calendar else (),
        extra_days=[(d.date, d.is_working_day, d.name) for d in calendar.extra_days.all()],
    )


def get_calendar(calendar_id: int | None = None) -> WorkingCalendar:
    """The engine for a calendar, the default one when `calendar_id` is None (WorkCalendar.DoesNotExist if none).
    Built once per process and kept until an administrator changes a calendar or an official day
    (core.config_cache); callers share it and must not change it."""
    def load() -> WorkingCalendar:
        calendars = list_calendars()
        return engine_for(calendars.get(is_default=True) if calendar_id is None else calendars.get(pk=calendar_id))

    return config_cache.remember(f"calendar:{calendar_id or 'default'}", load)


# -- validation ----------------------------------------------------------------------------------------------


def _window_errors(day: str, windows) -> list[str]:
    label = WEEKDAY_LABELS[day]
    if not isinstance(windows, list) or not all(
        isinstance(w, list | tuple) and len(w) == 2 and all(isinstance(t, str) and _TIME.fullmatch(t) for t in w)
        for w in windows
    ):
        return [_("%(day)s: each window is a pair of times as HH:MM, e.g. [\"09:00\", \"12:00\"].") % {"day": label}]
    previous_end = "00:00"
    for start, end in windows:
        if start == "24:00" or start >= end:
            return [_("%(day)s: a window must end after it starts (%(start)s–%(end)s).")
                    % {"day": label, "start": start, "end": end}]
        if start < previous_end:
            return [_("%(day)s: windows must be in ascending order and must not overlap.") % {"day": label}]
        previous_end = end
    return []


def clean_weekly_hours(value) -> dict[str, list[list[str]]]:
    """`value` checked and completed to all seven weekdays; raises ValidationError({"weekly_hours": …})."""
    if not isinstance(value, dict):
        raise ValidationError({"weekly_hours": _("Give the open windows per weekday: mon … sun.")})
    unknown = sorted(set(value) - set(WEEKDAYS))
    errors = [_("Unknown weekday keys: %(keys)s (use mon … sun).") % {"keys": ", ".join(map(str, unknown))}] \
        if unknown else []
    for day in WEEKDAYS:
        errors += _window_errors(day, value.get(day) or [])
    if not errors and not any(value.get(day) for day in WEEKDAYS):
        errors.append(_("Give at least one open window."))
    if errors:
        raise ValidationError({"weekly_hours": errors})
    return {day: [list(w) for w in value.get(day) or []] for day in WEEKDAYS}


def _check_timezone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError({"timezone": _("Unknown time zone, use a name like Asia/Shanghai.")}) from exc


def _clean(calendar: WorkCalendar) -> None:
    calendar.weekly_hours = clean_weekly_hours(calendar.weekly_hours)
    _check_timezone(calendar.timezone)
    calendar.full_clean()


# -- calendars -----------------------------------------------------------------------------------------------


def _make_default(calendar: WorkCalendar) -> None:
    WorkCalendar.objects.filter(is_default=True).exclude(pk=calendar.pk).update(is_default=False)
    calendar.is_default = True
    calendar.save(update_fields=["is_default"])


def _replace_extra_days(calendar: WorkCalendar, days: list[dict]) -> None:
    rows = [CalendarExtraDay(calendar=calendar, date=d["date"], is_working_day=d["is_working_day"],
                             name=d.get("name", "")) for d in days]
    dates = [row.date for row in rows]
    repeated = sorted({str(d) for d in dates if dates.count(d) > 1})
    if repeated:
        raise ValidationError({"extra_days": _("Each date may appear only once: %(dates)s.")
                                             % {"dates": ", ".join(repeated)}})
    for row in rows:
        try:
            row.full_clean(exclude=["calendar"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError({"extra_days": exc.messages}) from exc
    calendar.extra_days.all().delete()
    CalendarExtraDay.objects.bulk_create(rows)
    config_cache.forget()  # bulk_create sends no signal


@transaction.atomic
def create_calendar(*, actor, name: str, weekly_hours: dict, timezone: str = "Asia/Shanghai",
                    follows_china_calendar: bool = True, is_default: bool = False,
                    extra_days: list[dict] | None = None) -> WorkCalendar:
    """Add a calendar; making it the default takes the flag from the previous default."""
    calendar = WorkCalendar(name=name, timezone=timezone, weekly_hours=weekly_hours,
                            follows_china_calendar=follows_china_calendar)
    _clean(calendar)
    calendar.save()
    if is_default:
        _make_default(calendar)
    _replace_extra_days(calendar, extra_days or [])
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"calendar:{calendar.pk}", op="create")
    return calendar


@transaction.atomic
def update_calendar(*, actor, calendar: WorkCalendar, name: str | None = None, timezone: str | None = None,
                    weekly_hours: dict | None = None, follows_china_calendar: bool | None = None,
                    is_default: bool | None = None, extra_days: list[dict] | None = None) -> WorkCalendar:
    """Change a calendar (None leaves a field alone); `extra_days` replaces the list; the default moves here."""
    calendar = WorkCalendar.objects.select_for_update().get(pk=calendar.pk)
    if is_default is False and calendar.is_default:
        raise ValidationError({"is_default": _("There must be a default calendar: make another one the default "
                                               "instead.")})
    changes = {"name": name, "timezone": timezone, "weekly_hours": weekly_hours,
               "follows_china_calendar": follows_china_calendar}
    changes = {field: value for field, value in changes.items() if value is not None}
    for field, value in changes.items():
        setattr(calendar, field, value)
    _clean(calendar)
    calendar.save(update_fields=[*changes, "updated_at"])
    if is_default:
        _make_default(calendar)
    if extra_days is not None:
        _replace_extra_days(calendar, extra_days)
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"calendar:{calendar.pk}", op="update",
                 fields=sorted(changes), extra_days=extra_days is not None)
    return calendar


@transaction.atomic
def delete_calendar(*, actor, calendar: WorkCalendar) -> None:
    """Remove a calendar and its extra days; the default calendar cannot be removed."""
    calendar = WorkCalendar.objects.select_for_update().get(pk=calendar.pk)
    if calendar.is_default:
        raise ValidationError(_("The default calendar cannot be deleted: make another one the default first."))
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"calendar:{calendar.pk}", op="delete",
                 name=calendar.name)
    calendar.delete()


@transaction.atomic
def set_extra_day(*, actor, calendar: WorkCalendar, date, is_working_day: bool, name: str = "") -> CalendarExtraDay:
    """Add a company holiday or working day to a calendar (replacing the entry for that date)."""
    day = CalendarExtraDay.objects.filter(calendar=calendar, date=date).first() or \
        CalendarExtraDay(calendar=calendar, date=date)
    day.is_working_day, day.name = is_working_day, name
    day.full_clean(validate_unique=False, validate_constraints=False)
    day.save()
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"calendar:{calendar.pk}", op="set_extra_day",
                 date=str(date))
    return day


@transaction.atomic
def remove_extra_day(*, actor, extra_day: CalendarExtraDay) -> None:
    """Remove one company day from its calendar."""
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"calendar:{extra_day.calendar_id}",
                 op="remove_extra_day", date=str(extra_day.date))
    extra_day.delete()


# -- official days -------------------------------------------------------------------------------------------


@transaction.atomic
def create_official_day(*, actor, date, is_working_day: bool, name: str) -> OfficialDay:
    """Enter one official holiday or adjusted workday (e.g. from next year's State Council notice)."""
    day = OfficialDay(date=date, is_working_day=is_working_day, name=name)
    day.full_clean()
    day.save()
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"official_day:{date}", op="create")
    return day


@transaction.atomic
def update_official_day(*, actor, official_day: OfficialDay, date=None, is_working_day: bool | None = None,
                        name: str | None = None) -> OfficialDay:
    """Change an official day's date, kind or name (None leaves a field alone)."""
    day = OfficialDay.objects.select_for_update().get(pk=official_day.pk)
    changes = {"date": date, "is_working_day": is_working_day, "name": name}
    changes = {field: value for field, value in changes.items() if value is not None}
    for field, value in changes.items():
        setattr(day, field, value)
    day.full_clean()
    day.save(update_fields=list(changes))
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"official_day:{day.date}", op="update")
    return day


@transaction.atomic
def delete_official_day(*, actor, official_day: OfficialDay) -> None:
    """Remove an official day."""
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"official_day:{official_day.date}", op="delete")
    official_day.delete()
