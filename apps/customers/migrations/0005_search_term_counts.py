"""SQLite: fts5vocab tables over the customers' trigram and bigram tables, so the search can ask how many customers
hold its terms before choosing between their candidates and a scan (selectors/substring.py). Nothing on PostgreSQL,
whose planner has statistics."""

from django.db import migrations

VOCABULARIES = {"customers_customer_fts_terms": "customers_customer_fts",
                "customers_customer_bigrams_terms": "customers_customer_bigrams"}  # = selectors.substring


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for vocabulary, table in VOCABULARIES.items():
            schema_editor.execute(f"CREATE VIRTUAL TABLE {vocabulary} USING fts5vocab({table}, row)", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for vocabulary in VOCABULARIES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {vocabulary}", params=None)


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_name_bigrams")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
