# Customer intake (web form and email): the ticket's email address and the inbound-mail log.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('service', '0004_knowledge_base'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalticket',
            name='email',
            field=models.EmailField(blank=True, help_text='Where the customer wrote from (web form, email); replies are mailed here.', max_length=254, verbose_name='email'),
        ),
        migrations.AddField(
            model_name='ticket',
            name='email',
            field=models.EmailField(blank=True, help_text='Where the customer wrote from (web form, email); replies are mailed here.', max_length=254, verbose_name='email'),
        ),
        migrations.CreateModel(
            name='InboundMail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message_id', models.CharField(max_length=300, unique=True, verbose_name='Message-ID')),
                ('from_address', models.CharField(blank=True, max_length=254, verbose_name='from')),
                ('subject', models.CharField(blank=True, max_length=300, verbose_name='subject')),
                ('outcome', models.CharField(choices=[('created', 'New ticket'), ('replied', 'Customer reply on a ticket'), ('ignored', 'Ignored'), ('failed', 'Failed')], max_length=10, verbose_name='outcome')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('processed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='processed at')),
                ('ticket', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='inbound_mails', to='service.ticket', verbose_name='ticket')),
                ('ticket_message', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='service.ticketmessage', verbose_name='message')),
            ],
            options={
                'verbose_name': 'inbound email',
                'verbose_name_plural': 'inbound emails',
                'ordering': ['-processed_at', '-id'],
            },
        ),
    ]
