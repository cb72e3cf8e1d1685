"""Order, receivables and fulfilment numbers move to core's daily counters; today's counts go with them."""

from django.db import migrations


def to_core(apps, schema_editor):
    daily = apps.get_model("core", "DailyCounter")
    rows = [daily(series="SO", day=c.day, last=c.last) for c in apps.get_model("orders", "OrderCounter").objects.all()]
    rows += [daily(series=c.prefix, day=c.day, last=c.last) for c in apps.get_model("orders", "ARCounter").objects.all()]
    rows += [daily(series=c.kind, day=c.day, last=c.last)
             for c in apps.get_model("orders", "FulfilmentCounter").objects.all()]
    daily.objects.bulk_create(rows, batch_size=1000)


AR_SERIES, FULFILMENT_SERIES = ["INV", "CN", "PAY", "RT"], ["SH", "PR", "DN", "MDN"]


def from_core(apps, schema_editor):
    daily = apps.get_model("core", "DailyCounter").objects
    order, ar = apps.get_model("orders", "OrderCounter"), apps.get_model("orders", "ARCounter")
    fulfilment = apps.get_model("orders", "FulfilmentCounter")
    order.objects.bulk_create([order(day=c.day, last=c.last) for c in daily.filter(series="SO")])
    ar.objects.bulk_create([ar(prefix=c.series, day=c.day, last=c.last)
                            for c in daily.filter(series__in=AR_SERIES)])
    fulfilment.objects.bulk_create([fulfilment(kind=c.series, day=c.day, last=c.last)
                                    for c in daily.filter(series__in=FULFILMENT_SERIES)])
    daily.filter(series__in=["SO", *AR_SERIES, *FULFILMENT_SERIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_daily_counter"),
        ("orders", "0004_fulfilment"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="ARCounter"),
        migrations.DeleteModel(name="FulfilmentCounter"),
        migrations.DeleteModel(name="OrderCounter"),
    ]
