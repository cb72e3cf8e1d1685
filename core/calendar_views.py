"""The working-calendar page: month grid (HTMX swaps only the grid), calendars with hours and extra days, official
days. Writes go through core.calendars."""

import calendar as month_calendar
import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import calendars
from .calendar_forms import CalendarForm, SpecialDayForm, hours_summary
from .models import CalendarExtraDay, OfficialDay
from .models.calendar import default_weekly_hours
from .workcal import WEEKDAYS, china_calendar_covers

ONE_DAY = dt.timedelta(days=1)


def _month(value: str | None, today: dt.date) -> dt.date:
    try:
        month = dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)
    return month if 1900 <= month.year <= 2200 else today.replace(day=1)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _grid(engine, month: dt.date, today: dt.date) -> list[list[dict]]:
    weeks = month_calendar.Calendar().monthdatescalendar(month.year, month.month)
    return [[{"day": engine.day(d), "in_month": d.month == month.month, "is_today": d == today} for d in week]
            for week in weeks]


def _save_day(request, form, save, success: str) -> None:
    """Run `save` with the form's values and report the outcome as a message (the page redirects after)."""
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        save(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
@permission_required("core.view_workcalendar", raise_exception=True)
def calendar_page(request):
    all_calendars = list(calendars.list_calendars())
    wanted = request.GET.get("calendar", "")
    selected = next((c for c in all_calendars if str(c.pk) == wanted), None) or \
        next((c for c in all_calendars if c.is_default), all_calendars[0])
    engine = calendars.engine_for(selected)
    today = timezone.now().astimezone(engine.tz).date()
    month = _month(request.GET.get("month"), today)
    context = {
        "selected": selected, "month": month, "prev_month": _shift(month, -1), "next_month": _shift(month, 1),
        "weeks": _grid(engine, month, today), "warnings": engine.warnings(month, _shift(month, 1) - ONE_DAY),
        "weekdays": [calendars.WEEKDAY_LABELS[day] for day in WEEKDAYS],
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "core/calendar.html#grid", context)
    official_year = today.year + 1
    context |= {
        "calendars": [(c, hours_summary(c.weekly_hours)) for c in all_calendars],
        "official_year": official_year, "official_year_covered": china_calendar_covers(official_year),
        "official_days": OfficialDay.objects.filter(date__year=official_year),
        "official_form": SpecialDayForm(prefix="day"),
    }
    return render(request, "core/calendar.html", context)


@login_required
@permission_required("core.add_workcalendar", raise_exception=True)
def calendar_create(request):
    form = CalendarForm(request.POST or None, initial={**default_weekly_hours(), "follows_china_calendar": True})
    if request.method == "POST" and form.is_valid():
        try:
            calendar = calendars.create_calendar(actor=request.user, **form.calendar_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Calendar %(name)s created.") % {"name": calendar.name})
            return redirect("calendar-edit", pk=calendar.pk)
    return render(request, "core/calendar_form.html", {"form": form, "title": _("New calendar")})


@login_required
@permission_required("core.change_workcalendar", raise_exception=True)
def calendar_edit(request, pk):
    calendar = get_object_or_404(calendars.list_calendars(), pk=pk)
    form = CalendarForm(request.POST or None, initial=CalendarForm.initial_for(calendar))
    if request.method == "POST" and form.is_valid():
        try:
            calendars.update_calendar(actor=request.user, calendar=calendar, **form.calendar_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("calendar-edit", pk=calendar.pk)
    return render(request, "core/calendar_form.html", {
        "form": form, "calendar": calendar, "title": calendar.name, "day_form": SpecialDayForm(prefix="day"),
        "extra_days": calendar.extra_days.all(),
    })


@login_required
@permission_required("core.delete_workcalendar", raise_exception=True)
@require_POST
def calendar_delete(request, pk):
    calendar = get_object_or_404(calendars.list_calendars(), pk=pk)
    try:
        calendars.delete_calendar(actor=request.user, calendar=calendar)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("calendar-edit", pk=pk)
    messages.success(request, _("Calendar %(name)s deleted.") % {"name": calendar.name})
    return redirect("calendar")


@login_required
@permission_required("core.change_workcalendar", raise_exception=True)
@require_POST
def extra_day_add(request, pk):
    calendar = get_object_or_404(calendars.list_calendars(), pk=pk)
    _save_day(request, SpecialDayForm(request.POST, prefix="day"),
              partial(calendars.set_extra_day, calendar=calendar), _("Company day saved."))
    return redirect("calendar-edit", pk=pk)


@login_required
@permission_required("core.change_workcalendar", raise_exception=True)
@require_POST
def extra_day_delete(request, pk, day_pk):
    day = get_object_or_404(CalendarExtraDay, pk=day_pk, calendar_id=pk)
    calendars.remove_extra_day(actor=request.user, extra_day=day)
    messages.success(request, _("Company day removed."))
    return redirect("calendar-edit", pk=pk)


@login_required
@permission_required("core.add_officialday", raise_exception=True)
@require_POST
def official_day_add(request):
    _save_day(request, SpecialDayForm(request.POST, prefix="day"), calendars.create_official_day,
              _("Official day saved."))
    return redirect("calendar")


@login_required
@permission_required("core.delete_officialday", raise_exception=True)
@require_POST
def official_day_delete(request, pk):
    calendars.delete_official_day(actor=request.user, official_day=get_object_or_404(OfficialDay, pk=pk))
    messages.success(request, _("Official day removed."))
    return redirect("calendar")
