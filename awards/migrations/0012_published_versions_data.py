"""Every event published before versions existed gets its version 1: what its page showed then.

This runs the app's own publishing code on the live models rather than historical ones: version 1
must be exactly what the pages printed from the live tables, and a second copy of that code here
could differ from it. It is correct at this migration's schema (the one those models have now);
judging's 0006 then adds the published score breakdowns, at judging's schema.
"""

from django.db import migrations


def freeze_published(apps, schema_editor):
    from awards.models import EvaluationEvent
    from results.services import event_publish
    from results.models import PublishedVersion

    for event in EvaluationEvent.objects.filter(status="published", versions__isnull=True):
        published_at = event.published_at
        version = event_publish(event=event, _send_freezing=False)
        # The record keeps the day it was really published.
        PublishedVersion.objects.filter(pk=version.pk).update(published_at=published_at)
        EvaluationEvent.objects.filter(pk=event.pk).update(published_at=published_at)


def unfreeze(apps, schema_editor):
    Event = apps.get_model("awards", "EvaluationEvent")
    Version = apps.get_model("awards", "PublishedVersion")
    Place = apps.get_model("awards", "VersionPlace")
    Place.objects.all().delete()
    Version.objects.all().delete()
    # A withdrawn event was not public: before versions it was a draft.
    Event.objects.filter(status="withdrawn").update(status="draft", published_at=None)


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_published_versions")]

    operations = [migrations.RunPython(freeze_published, unfreeze)]
