"""The committee keeps the office kinds (issue 13): the Komite group gets their permissions.

Here rather than in offices because the group is made by awards 0002 and offices may not depend on
awards; 0002's own list is left as it was, since databases have run it already.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Komite"
CODENAMES = ["add_officekind", "change_officekind", "delete_officekind", "view_officekind"]


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
            content_type__app_label="offices", content_type__model="officekind", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="offices", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_ranking_office_kind_plain"),
        ("offices", "0006_office_kinds_as_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
