"""Judging becomes its own app: its five models leave awards' state, not the database.

Their tables stay (judging's models name them with ``db_table``); judging 0001 adds the models to
its own state and moves their content types, so the permissions, and the groups holding them,
stay as they are. Nothing is dropped here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_signatory_job_title"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='criterion',
                    name='channel',
                ),
                migrations.RemoveField(
                    model_name='criterion',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='judgeassignment',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='judgeassignment',
                    name='judge',
                ),
                migrations.RemoveField(
                    model_name='judgeassignment',
                    name='office',
                ),
                migrations.RemoveField(
                    model_name='judging',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='judge',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='office',
                ),
                migrations.DeleteModel(
                    name='AccountMetrics',
                ),
                migrations.DeleteModel(
                    name='Criterion',
                ),
                migrations.DeleteModel(
                    name='JudgeAssignment',
                ),
                migrations.DeleteModel(
                    name='Judging',
                ),
                migrations.DeleteModel(
                    name='Score',
                ),
            ],
            database_operations=[],
        ),
    ]
