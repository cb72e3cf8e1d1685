"""Stock-count numbers (PD202611-003) are drawn from core's daily counters, one series a month filed under the
month's first day: each month's counter starts where its existing counts end."""

import datetime
import re

from django.db import migrations

NUMBER = re.compile(r"PD(\d{4})(\d{2})-(\d+)$")


def to_core(apps, schema_editor):
    highest: dict[datetime.date, int] = {}
    for number in apps.get_model("catalog", "StockCount").objects.values_list("number", flat=True):
        match = NUMBER.match(number)
        if match:
            month = datetime.date(int(match[1]), int(match[2]), 1)
            highest[month] = max(highest.get(month, 0), int(match[3]))
    daily = apps.get_model("core", "DailyCounter")
    daily.objects.bulk_create([daily(series="PD", day=month, last=last) for month, last in highest.items()])


def drop_from_core(apps, schema_editor):
    apps.get_model("core", "DailyCounter").objects.filter(series="PD").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_daily_counter"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_core, drop_from_core)]
