"""Judging (issue 7): criteria, account metrics, judges' assignments and scores.

Also creates the judges group (Juri) and gives the committee group (Komite) the judging
permissions, as 0002 did for the foundation: judges get only the permission to enter scores
(the /judging/ pages check it and the assignments); the committee manages everything else.
"""

from django.contrib.auth.management import create_permissions

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


JUDGES = "Juri"
COMMITTEE = "Komite"
COMMITTEE_MODELS = ["judging", "criterion", "accountmetrics", "judgeassignment"]


def create_groups(apps, schema_editor, app_label="awards"):
    # app_label: where the judging models live; "judging" since judging 0001 moved them (the
    # browser tests replay this function on the final state).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perm(model, codename):
        return Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )

    judges, _created = Group.objects.get_or_create(name=JUDGES)
    judges.permissions.set([perm("score", "enter_score")])
    committee, _created = Group.objects.get_or_create(name=COMMITTEE)
    committee.permissions.add(
        *[perm(model, f"{action}_{model}") for model in COMMITTEE_MODELS for action in ("add", "change", "delete", "view")],
        perm("score", "view_score"),
        perm("accountmetrics", "import_accountmetrics"),
        perm("accountmetrics", "export_accountmetrics"),
        perm("judging", "manage_judging"),
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=JUDGES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0003_history'),
        ('offices', '0002_channels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What judges look at.', verbose_name='description')),
                ('kind', models.CharField(choices=[('judged', 'Judged (judges give points)'), ('measured', 'Measured (computed from account metrics)')], max_length=10, verbose_name='kind')),
                ('formula', models.CharField(blank=True, choices=[('posts_per_week', 'Posts (or articles) per week'), ('engagement', 'Engagement per post per 1,000 followers'), ('follower_growth', 'Follower growth in the period (%)'), ('response_rate', 'Replies to the public per comment'), ('freshness', 'Website freshness: 1 / (1 + days since last update)'), ('public_info', 'Required public-information pages present')], help_text='Only for measured criteria: how the account metrics become points.', max_length=20, verbose_name='formula')),
                ('weight', models.DecimalField(decimal_places=2, help_text='Relative weight, e.g. 30 for 30%.', max_digits=6, verbose_name='weight')),
                ('max_points', models.DecimalField(decimal_places=2, default=100, help_text='E.g. 100.', max_digits=6, verbose_name='maximum points')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('channel', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='criteria', to='offices.channel', verbose_name='channel')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='awards.evaluationevent', verbose_name='event')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['event_id', 'channel__order', 'order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='JudgeAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('has_conflict', models.BooleanField(default=False, help_text='The judge abstains for this office; their scores for it are not counted.', verbose_name='conflict of interest')),
                ('conflict_note', models.CharField(blank=True, max_length=300, verbose_name='conflict note')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='judge_assignments', to='awards.evaluationevent', verbose_name='event')),
                ('judge', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='judge_assignments', to=settings.AUTH_USER_MODEL, verbose_name='judge')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='judge_assignments', to='offices.office', verbose_name='office')),
            ],
            options={
                'verbose_name': 'judge assignment',
                'verbose_name_plural': 'judge assignments',
                'ordering': ['event_id', 'judge__username', 'office__name'],
            },
        ),
        migrations.CreateModel(
            name='Judging',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('period_start', models.DateField(help_text='First day of the period the account metrics cover.', verbose_name='measurement period start')),
                ('period_end', models.DateField(help_text='Last day of the period the account metrics cover.', verbose_name='measurement period end')),
                ('normalisation', models.CharField(choices=[('none', 'None: average the points as given'), ('zscore', 'Z-score per judge'), ('minmax', 'Min-max per judge')], default='none', help_text='Per-judge normalisation lets a harsh and a lenient judge weigh the same.', max_length=10, verbose_name="normalisation of judges' points")),
                ('tie_break', models.CharField(choices=[('heaviest', 'Higher score on the heaviest criterion, then the next heaviest'), ('judged', 'Higher total of the judged criteria'), ('none', 'None: equal totals share the place')], default='heaviest', help_text='How equal totals are separated; what is still equal becomes a shared place.', max_length=10, verbose_name='tie-break rule')),
                ('public_breakdown', models.BooleanField(default=False, help_text="Once the places are finalised and the event published, show each winner's scores.", verbose_name='show score breakdown to the public')),
                ('scores_locked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='scores locked at')),
                ('finalised_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='finalised at')),
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='judging', to='awards.evaluationevent', verbose_name='event')),
            ],
            options={
                'verbose_name': 'judging',
                'verbose_name_plural': 'judging',
                'ordering': ['-event__held_on', 'event__title'],
                'permissions': [('manage_judging', 'Can see judging progress and leaderboard, lock scores and finalise places')],
            },
        ),
        migrations.CreateModel(
            name='Score',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('points', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='points')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='awards.criterion', verbose_name='criterion')),
                ('judge', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to=settings.AUTH_USER_MODEL, verbose_name='judge')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='offices.office', verbose_name='office')),
            ],
            options={
                'verbose_name': 'score',
                'verbose_name_plural': 'scores',
                'ordering': ['criterion_id', 'office__name', 'judge_id'],
                'permissions': [('enter_score', 'Can enter scores as a judge')],
            },
        ),
        migrations.CreateModel(
            name='AccountMetrics',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('followers_start', models.PositiveIntegerField(default=0, verbose_name='followers at start')),
                ('followers_end', models.PositiveIntegerField(default=0, verbose_name='followers at end')),
                ('posts', models.PositiveIntegerField(default=0, help_text='For a website: articles published.', verbose_name='posts in the period')),
                ('likes', models.PositiveIntegerField(default=0, verbose_name='likes')),
                ('comments', models.PositiveIntegerField(default=0, verbose_name='comments')),
                ('shares', models.PositiveIntegerField(default=0, verbose_name='shares')),
                ('replies', models.PositiveIntegerField(default=0, verbose_name='replies to the public')),
                ('days_since_update', models.PositiveIntegerField(blank=True, help_text='Websites: at the end of the period.', null=True, verbose_name='days since last update')),
                ('has_public_info_pages', models.BooleanField(default=False, help_text='Websites.', verbose_name='required public-information pages present')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='metrics', to='offices.officeaccount', verbose_name='account')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='account_metrics', to='awards.evaluationevent', verbose_name='event')),
            ],
            options={
                'verbose_name': 'account metrics',
                'verbose_name_plural': 'account metrics',
                'ordering': ['event_id', 'account__office__name', 'account__channel__order'],
                'permissions': [('import_accountmetrics', 'Can import account metrics'), ('export_accountmetrics', 'Can export account metrics')],
                'constraints': [models.UniqueConstraint(models.F('event'), models.F('account'), name='accountmetrics_one_per_event_and_account', violation_error_message='This account already has metrics for this event.')],
            },
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(models.F('event'), models.F('channel'), django.db.models.functions.text.Lower('name'), name='criterion_name_unique_per_channel', violation_error_message='This event already has a criterion of this name on this channel.'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='criterion_weight_positive', violation_error_message='The weight must be more than 0.'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.CheckConstraint(condition=models.Q(('max_points__gt', 0)), name='criterion_max_points_positive', violation_error_message='The maximum points must be more than 0.'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('formula', ''), ('kind', 'judged')), models.Q(('kind', 'measured'), models.Q(('formula', ''), _negated=True)), _connector='OR'), name='criterion_formula_iff_measured', violation_error_message='A measured criterion needs a formula; a judged one has none.'),
        ),
        migrations.AddConstraint(
            model_name='judgeassignment',
            constraint=models.UniqueConstraint(models.F('event'), models.F('judge'), models.F('office'), name='judgeassignment_once_per_office', violation_error_message='This judge is already assigned to this office.'),
        ),
        migrations.AddConstraint(
            model_name='judging',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='judging_period_in_order', violation_error_message='The period ends on or after the day it starts.'),
        ),
        migrations.AddConstraint(
            model_name='judging',
            constraint=models.CheckConstraint(condition=models.Q(('finalised_at__isnull', True), ('scores_locked_at__isnull', False), _connector='OR'), name='judging_finalised_is_locked', violation_error_message='Finalised judging has its scores locked.'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(models.F('criterion'), models.F('office'), models.F('judge'), name='score_once_per_judge_criterion_office', violation_error_message='This judge already scored this office on this criterion.'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('points__gte', 0)), name='score_points_not_negative', violation_error_message='Points may not be negative.'),
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
