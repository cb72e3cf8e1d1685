"""The shipped problem-area tree and SLA policies (domain.md §7), so every database starts with them."""

from django.db import migrations

from apps.service.defaults import install_defaults


def install(apps, schema_editor):
    install_defaults(apps.get_model("service", "TicketCategory"), apps.get_model("service", "SLAPolicy"))


class Migration(migrations.Migration):

    dependencies = [("service", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
