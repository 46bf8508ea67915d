"""Gives the committee group (Komite) the permissions on objections (issue 22).

The README lists recording the objections of the appeal window (sanggahan) among the committee's
tasks, but 0002 made the group before objections had rights of their own, so the objections'
table on the event's page was hidden from every member. Idempotent: the permissions are added,
never set, so running it again is harmless.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Komite"
CODENAMES = ["add_objection", "change_objection", "delete_objection", "view_objection"]


def grant(apps, schema_editor):
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
        *Permission.objects.filter(
            content_type__app_label="awards", content_type__model="objection", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="awards", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0014_places_lock"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
