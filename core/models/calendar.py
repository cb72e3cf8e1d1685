from django.db import models
from django.utils.translation import gettext_lazy as _


def default_weekly_hours():
    office = [["09:00", "12:00"], ["13:30", "18:00"]]
    return {"mon": office, "tue": office, "wed": office, "thu": office, "fri": office, "sat": [], "sun": []}


class WorkCalendar(models.Model):
    """A named working-time calendar: weekly open windows, China's official calendar or not, and extra days."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    weekly_hours = models.JSONField(
        _("weekly hours"), default=default_weekly_hours,
        help_text=_('Open windows per weekday, e.g. {"mon": [["09:00","12:00"],["13:30","18:00"]], ...}'),
    )
    follows_china_calendar = models.BooleanField(
        _("follows China's official calendar"), default=True,
        help_text=_("Statutory holidays are off and adjusted working weekends (调休) are on."),
    )
    is_default = models.BooleanField(_("default calendar"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("work calendar")
        verbose_name_plural = _("work calendars")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="one_default_calendar"),
        ]

    def __str__(self):
        return self.name


class CalendarExtraDay(models.Model):
    """A company-defined holiday or working day on one calendar (overrides everything else for that date)."""

    calendar = models.ForeignKey(WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE,
                                 related_name="extra_days")
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar extra day")
        verbose_name_plural = _("calendar extra days")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_extra_day_per_date")]

    def __str__(self):
        return f"{self.date} {self.name}"


class OfficialDay(models.Model):
    """An official holiday or adjusted workday entered by admins for years the chinesecalendar package lacks
    (e.g. next year's State Council notice). Applies to every calendar that follows China's calendar."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official holiday / adjusted workday")
        verbose_name_plural = _("official holidays / adjusted workdays")

    def __str__(self):
        return f"{self.date} {self.name}"
