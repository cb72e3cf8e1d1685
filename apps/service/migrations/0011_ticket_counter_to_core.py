"""Ticket numbers move to core's daily counters (series T); today's count goes with them."""

from django.db import migrations


def to_core(apps, schema_editor):
    daily = apps.get_model("core", "DailyCounter")
    daily.objects.bulk_create([daily(series="T", day=c.day, last=c.last)
                               for c in apps.get_model("service", "TicketCounter").objects.all()], batch_size=1000)


def from_core(apps, schema_editor):
    daily, ticket = apps.get_model("core", "DailyCounter").objects, apps.get_model("service", "TicketCounter")
    ticket.objects.bulk_create([ticket(day=c.day, last=c.last) for c in daily.filter(series="T")])
    daily.filter(series="T").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_daily_counter"),
        ("service", "0010_inbox_sla_received_index"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="TicketCounter"),
    ]
