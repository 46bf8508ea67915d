"""Creates the committee group with exactly the permissions its members need.

They manage offices, channels, accounts, events, signatories and places, import and export
them, and publish events. They get nothing over users, groups or other parts of the site.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Komite"
MODELS = {
    "offices": ["office", "channel", "officeaccount"],
    "awards": ["evaluationevent", "signatory", "ranking"],
}
EXTRA = {
    ("offices", "office"): ["import_office", "export_office"],
    ("awards", "ranking"): ["import_ranking", "export_ranking"],
    ("awards", "evaluationevent"): ["publish_evaluationevent"],
}


def committee_codenames():
    for app_label, models in MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                yield app_label, model, f"{action}_{model}"
            for codename in EXTRA.get((app_label, model), []):
                yield app_label, model, codename


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so the group can
    # hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = [
        Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        for app_label, model, codename in committee_codenames()
    ]
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("offices", "0002_channels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
