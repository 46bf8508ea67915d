"""The published versions' content types (with every permission's row and id, so every group
keeps its rights) move from app awards to app results."""

from django.db import migrations

MODELS = ["publishedversion", "versionplace"]


def move_content_types(apps, schema_editor, source="awards", target="results"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=source, model__in=MODELS)
    # Types made for the target by an earlier post_migrate hold only the default permissions,
    # which the moving types hold too: the moving ones (with the ids groups point to) replace them.
    ContentType.objects.filter(app_label=target, model__in=moving.values("model")).delete()
    moving.update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="results", target="awards")


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("awards", "0013_versions_move_to_results"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
