"""Seed the three shipped calendars so every database has them: office hours (default), hotline and 7×24."""

from django.db import migrations

OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

CALENDARS = [
    ("办公时间", {day: OFFICE if day not in ("sat", "sun") else [] for day in WEEKDAYS}, True, True),
    ("客服热线", {day: [["07:30", "21:30"]] for day in WEEKDAYS}, False, False),
    ("7×24", {day: [["00:00", "24:00"]] for day in WEEKDAYS}, False, False),
]


def seed(apps, schema_editor):
    WorkCalendar = apps.get_model("core", "WorkCalendar")
    has_default = WorkCalendar.objects.filter(is_default=True).exists()
    for name, hours, follows_china, is_default in CALENDARS:
        WorkCalendar.objects.get_or_create(name=name, defaults={
            "timezone": "Asia/Shanghai", "weekly_hours": hours, "follows_china_calendar": follows_china,
            "is_default": is_default and not has_default,
        })


class Migration(migrations.Migration):

    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
