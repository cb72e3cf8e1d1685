import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The inbox's indexes: the assignee foreign key's own index goes (ticket_assignee_status starts with the same column;
# dropped by name, as AlterField on SQLite copies the whole ticket table), and ticket_inbox covers what the box counts
# and the page's ids read of open tickets, replacing ticket_status_kind (its prefix).
INDEX = "service_ticket_assignee_id_02f55e0d"


class Migration(migrations.Migration):

    dependencies = [
        ("service", "0008_ticket_open_due_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="assigned_tickets", to=settings.AUTH_USER_MODEL,
                                            verbose_name="assignee"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {INDEX}",
                                  f"CREATE INDEX {INDEX} ON service_ticket (assignee_id)"),
            ],
        ),
        migrations.RemoveIndex(model_name="ticket", name="ticket_status_kind"),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(fields=["status", "kind", "priority", "sla_status", "is_major", "assignee", "team",
                                       "department", "created_by", "resolution_due"], name="ticket_inbox"),
        ),
    ]
