"""The published score breakdowns go into the versions awards' 0012 made of the events published
before versions existed (what judging.selectors.freeze_breakdown adds at every publish now)."""

from django.db import migrations

BREAKDOWN_KEY = "judging_breakdown"


def freeze(apps, schema_editor):
    Judging = apps.get_model("judging", "Judging")
    Version = apps.get_model("awards", "PublishedVersion")
    shown = dict(
        Judging.objects.filter(public_breakdown=True, finalised_at__isnull=False).values_list("event_id", "breakdown")
    )
    for version in Version.objects.filter(event_id__in=list(shown), number=1):
        if shown[version.event_id] and BREAKDOWN_KEY not in version.content.get("extras", {}):
            version.content.setdefault("extras", {})[BREAKDOWN_KEY] = shown[version.event_id]
            version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0005_criteria_per_award_finish"),
        ("awards", "0012_published_versions_data"),
    ]

    # It reads awards' PublishedVersion, which awards 0013 hands over to results.
    run_before = [("awards", "0013_versions_move_to_results")]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
