"""The knowledge base: articles (with history), tickets solved by an article, canned replies; and Chinese full-text
search without word segmentation (apps/service/kb_search.py): an FTS5 trigram table on SQLite, pg_trgm GIN
indexes on PostgreSQL. Each back end runs only its own statements."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

FTS_TABLE = "service_article_fts"
PG_DOCUMENT = "(title || ' ' || keywords || ' ' || product_name || ' ' || body)"  # = kb_search.PG_DOCUMENT


class VendorSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor (the other back ends skip it both ways)."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        return self.__class__.__name__, [], {"vendor": self.vendor, "sql": self.sql, "reverse_sql": self.reverse_sql}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        ('service', '0003_quality'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Article',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(verbose_name='body')),
                ('kind', models.CharField(choices=[('solution', 'Solution (解决方案)'), ('faq', 'FAQ (常见问题)')], default='solution', max_length=20, verbose_name='kind')),
                ('product_name', models.CharField(blank=True, max_length=200, verbose_name='product')),
                ('keywords', models.CharField(blank=True, help_text='Words customers use for this problem, separated by commas.', max_length=300, verbose_name='keywords')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('archived', 'Archived')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                ('review_note', models.CharField(blank=True, max_length=300, verbose_name='review note')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted for review at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('archived_at', models.DateTimeField(blank=True, null=True, verbose_name='archived at')),
                ('solved_count', models.PositiveIntegerField(default=0, verbose_name='tickets solved by this article')),
                ('view_count', models.PositiveIntegerField(default=0, verbose_name='views')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='service.ticketcategory', verbose_name='category')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.product', verbose_name='catalogue product')),
                ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'knowledge-base article',
                'verbose_name_plural': 'knowledge-base articles',
                'ordering': ['-updated_at', '-id'],
                'permissions': [('publish_article', 'Can review, publish and archive knowledge-base articles')],
            },
        ),
        migrations.CreateModel(
            name='CannedReply',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('body', models.TextField(verbose_name='text')),
                ('is_shared', models.BooleanField(default=True, verbose_name='shared with the whole desk')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='canned_replies', to='service.ticketcategory', verbose_name='category')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='canned_replies', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'canned reply',
                'verbose_name_plural': 'canned replies',
                'ordering': ['title', 'id'],
                'permissions': [('manage_shared_cannedreply', "Can manage the desk's shared canned replies")],
            },
        ),
        migrations.CreateModel(
            name='HistoricalArticle',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(verbose_name='body')),
                ('kind', models.CharField(choices=[('solution', 'Solution (解决方案)'), ('faq', 'FAQ (常见问题)')], default='solution', max_length=20, verbose_name='kind')),
                ('product_name', models.CharField(blank=True, max_length=200, verbose_name='product')),
                ('keywords', models.CharField(blank=True, help_text='Words customers use for this problem, separated by commas.', max_length=300, verbose_name='keywords')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('archived', 'Archived')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                ('review_note', models.CharField(blank=True, max_length=300, verbose_name='review note')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted for review at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('archived_at', models.DateTimeField(blank=True, null=True, verbose_name='archived at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('author', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='service.ticketcategory', verbose_name='category')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('product', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.product', verbose_name='catalogue product')),
                ('reviewer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical knowledge-base article',
                'verbose_name_plural': 'historical knowledge-base articles',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCannedReply',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('body', models.TextField(verbose_name='text')),
                ('is_shared', models.BooleanField(default=True, verbose_name='shared with the whole desk')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('category', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='service.ticketcategory', verbose_name='category')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical canned reply',
                'verbose_name_plural': 'historical canned replies',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='TicketArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('linked_at', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticket_links', to='service.article')),
                ('linked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='solved_by_articles', to='service.ticket')),
            ],
            options={
                'verbose_name': 'ticket solved by an article',
                'verbose_name_plural': 'tickets solved by articles',
                'ordering': ['linked_at', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', '-solved_count'], name='article_status_solved'),
        ),
        migrations.AddConstraint(
            model_name='ticketarticle',
            constraint=models.UniqueConstraint(fields=('ticket', 'article'), name='one_solved_link_per_ticket'),
        ),
        VendorSQL(
            "sqlite",
            [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, keywords, product, body, "
             "tokenize='trigram')",
             f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, product, body) "
             "SELECT id, title, keywords, product_name, body FROM service_article"],
            [f"DROP TABLE IF EXISTS {FTS_TABLE}"],
        ),
        VendorSQL(
            "postgresql",
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm",
             "CREATE INDEX IF NOT EXISTS article_title_trgm ON service_article USING gin (title gin_trgm_ops)",
             f"CREATE INDEX IF NOT EXISTS article_document_trgm ON service_article USING gin ({PG_DOCUMENT} "
             "gin_trgm_ops)"],
            ["DROP INDEX IF EXISTS article_document_trgm", "DROP INDEX IF EXISTS article_title_trgm"],
        ),
    ]
