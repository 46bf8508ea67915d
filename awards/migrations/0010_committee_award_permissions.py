"""Gives the committee group (Komite) the permissions on awards and categories.

Awards and categories became rows of their own in 0007; a secretary enters them on the event's
and the award's pages, so the group needs to add, change, delete and view them. Idempotent: the
permissions are added, never set, so running it again (or after 0002's create_group) is harmless.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Komite"
MODELS = ["award", "category"]


def committee_award_codenames():
    for model in MODELS:
        for action in ("add", "change", "delete", "view"):
            yield model, f"{action}_{model}"


def grant_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so the group can
    # hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label="awards", content_type__model=model, codename=codename)
            for model, codename in committee_award_codenames()
        ]
    )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="awards",
                codename__in=[codename for _model, codename in committee_award_codenames()],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0009_awards_and_categories_finish"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
