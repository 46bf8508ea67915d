"""Published versions move from awards (awards 0013) without touching their tables.

The state gets the models as awards 0011 made them, on their tables (``db_table``); the database
is not changed here. results 0002 then gives the tables results' names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('awards', '0012_published_versions_data'),
        ('offices', '0006_office_kinds_as_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublishedVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('status', models.CharField(choices=[('provisional', 'Provisional (open to objections)'), ('final', 'Final')], max_length=20, verbose_name='status')),
                        ('appeal_deadline', models.DateTimeField(blank=True, help_text="A provisional version's end of the appeal window (masa sanggah), in WITA.", null=True, verbose_name='objections until')),
                        ('reason', models.TextField(blank=True, verbose_name='reason for the correction')),
                        ('changes', models.JSONField(blank=True, default=list, verbose_name='changes')),
                        ('content', models.JSONField(verbose_name='content')),
                        ('published_at', models.DateTimeField(verbose_name='published at')),
                        ('published_by_name', models.CharField(blank=True, max_length=150, verbose_name='published by (name)')),
                        ('is_current', models.BooleanField(default=True, verbose_name='current')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                        ('withdrawn_reason', models.TextField(blank=True, verbose_name='reason for the withdrawal')),
                        ('withdrawn_by_name', models.CharField(blank=True, max_length=150, verbose_name='withdrawn by')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='awards.evaluationevent', verbose_name='event')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
                    ],
                    options={
                        'verbose_name': 'published version',
                        'verbose_name_plural': 'published versions',
                        'db_table': 'awards_publishedversion',
                        'constraints': [
                            models.UniqueConstraint(models.F('event'), models.F('number'), name='version_number_unique_in_event', violation_error_message='This event already has a version of this number.'),
                            models.UniqueConstraint(models.F('event'), condition=models.Q(('is_current', True)), name='version_one_current_per_event', violation_error_message='An event has one current version.'),
                            models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='version_number_from_1', violation_error_message='Versions are numbered from 1.'),
                            models.CheckConstraint(condition=models.Q(('number', 1), models.Q(('reason', ''), _negated=True), _connector='OR'), name='version_correction_has_reason', violation_error_message='A correction needs its reason.'),
                            models.CheckConstraint(condition=models.Q(('status', 'final'), ('appeal_deadline__isnull', False), _connector='OR'), name='version_provisional_has_deadline', violation_error_message='A provisional version needs the end of its appeal window.'),
                            models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), models.Q(('withdrawn_reason', ''), _negated=True), _connector='OR'), name='version_withdrawal_has_reason', violation_error_message='A withdrawal needs its reason.'),
                        ],
                        'ordering': ['event', '-number'],
                        'get_latest_by': 'number',
                    },
                ),
                migrations.CreateModel(
                    name='VersionPlace',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ranking_id', models.PositiveIntegerField(blank=True, db_index=True, null=True, verbose_name='place entered')),
                        ('level', models.PositiveSmallIntegerField(choices=[(1, 'Place'), (2, 'Honourable mention')], verbose_name='level')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                        ('order', models.PositiveIntegerField(verbose_name='order')),
                        ('code', models.CharField(db_index=True, max_length=12, verbose_name='verification code')),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('data', models.JSONField(verbose_name='place as published')),
                        ('channel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='published_places', to='offices.channel', verbose_name='channel')),
                        ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='published_places', to='offices.office', verbose_name='office')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='places', to='results.publishedversion', verbose_name='version')),
                    ],
                    options={
                        'verbose_name': 'published place',
                        'verbose_name_plural': 'published places',
                        'db_table': 'awards_versionplace',
                        'constraints': [
                            models.UniqueConstraint(models.F('version'), models.F('code'), name='versionplace_code_unique_in_version'),
                            models.UniqueConstraint(models.F('version'), models.F('order'), name='versionplace_order_unique_in_version'),
                        ],
                        'ordering': ['version', 'order'],
                    },
                ),
            ],
        ),
    ]
