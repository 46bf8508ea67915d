"""Office kinds become rows the committee keeps (issue 13): SKPD and Kelurahan are made here, with
a row for any other code found in the offices (none expected), before offices.kind becomes a
foreign key to the kind's code. The column keeps its name and its values.
"""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models


KINDS = [
    # code, name, prefix (the word printed before its offices' names), order
    ("skpd", "SKPD", "", 10),
    ("kelurahan", "Kelurahan", "Kelurahan", 20),
]


def create_kinds(apps, schema_editor):
    OfficeKind = apps.get_model("offices", "OfficeKind")
    Office = apps.get_model("offices", "Office")
    for code, name, prefix, order in KINDS:
        OfficeKind.objects.get_or_create(code=code, defaults={"name": name, "prefix": prefix, "order": order})
    known = set(OfficeKind.objects.values_list("code", flat=True))
    found = set(Office.objects.order_by().values_list("kind", flat=True).distinct())
    for n, code in enumerate(sorted(found - known), start=1):
        OfficeKind.objects.create(code=code, name=code.title(), order=100 + n)


class Migration(migrations.Migration):

    dependencies = [
        ('offices', '0005_names_without_kind_word'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='office',
            options={'ordering': ['name', 'kind_id'], 'permissions': [('import_office', 'Can import offices'), ('export_office', 'Can export offices')], 'verbose_name': 'office', 'verbose_name_plural': 'offices'},
        ),
        migrations.CreateModel(
            name='HistoricalOfficeKind',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.SlugField(help_text='Short, lowercase, e.g. “kapanewon”. Used in imports and web addresses.', max_length=20, verbose_name='code')),
                ('name', models.CharField(help_text='E.g. “Kapanewon”, “SKPD”.', max_length=60, verbose_name='name')),
                ('prefix', models.CharField(blank=True, help_text="The word printed before its offices' names, e.g. “Kelurahan” for “Kelurahan Pelambuan”. Empty for kinds whose names stand alone (SKPD).", max_length=40, verbose_name='printed word')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Kinds are listed from low to high.', verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical office kind',
                'verbose_name_plural': 'historical office kinds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='OfficeKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.SlugField(help_text='Short, lowercase, e.g. “kapanewon”. Used in imports and web addresses.', max_length=20, unique=True, verbose_name='code')),
                ('name', models.CharField(help_text='E.g. “Kapanewon”, “SKPD”.', max_length=60, verbose_name='name')),
                ('prefix', models.CharField(blank=True, help_text="The word printed before its offices' names, e.g. “Kelurahan” for “Kelurahan Pelambuan”. Empty for kinds whose names stand alone (SKPD).", max_length=40, verbose_name='printed word')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Kinds are listed from low to high.', verbose_name='order')),
            ],
            options={
                'verbose_name': 'office kind',
                'verbose_name_plural': 'office kinds',
                'ordering': ['order', 'name'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='officekind_name_unique', violation_error_message='An office kind with this name already exists.')],
            },
        ),
        migrations.RunPython(create_kinds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicaloffice',
            name='kind',
            field=models.ForeignKey(blank=True, db_column='kind', db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='offices.officekind', to_field='code', verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='office',
            name='kind',
            field=models.ForeignKey(db_column='kind', on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='offices.officekind', to_field='code', verbose_name='kind'),
        ),
    ]
