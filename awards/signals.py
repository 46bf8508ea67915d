"""Receivers that keep awards' stored renders and the public pages fresh when awards' rows change.

Offices hooks its own models in its own ready() (offices/signals.py), as judging does.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from awards.models import Award, Category, EvaluationEvent, Ranking, Signatory
from common.pagecache import pages_changed

# What the public pages show of awards' own models; offices (names, kinds, channels, accounts)
# and judging (the score breakdown) register theirs in their own ready().
PUBLIC_MODELS = (EvaluationEvent, Signatory, Award, Category, Ranking)


@receiver(pre_delete, sender=Ranking, dispatch_uid="awards_note_place_event")
def note_place_event(sender, instance: Ranking, **kwargs) -> None:
    # Before any row of a cascade is gone: the renders are filed under the event.
    instance._event_id = Award.objects.filter(pk=instance.award_id).values_list("event_id", flat=True).first()


@receiver(post_delete, sender=Ranking, dispatch_uid="awards_delete_place_renders")
def delete_place_renders(sender, instance: Ranking, **kwargs) -> None:
    # The certificates and cards of a removed place are not left in the storage; only once the
    # deletion is committed, so a rolled-back delete keeps them.
    from awards.certificates.storage import place_renders_delete

    # Read the ids now: Django clears the instance's pk once the deletion is done.
    event_id, ranking_id = getattr(instance, "_event_id", None), instance.pk
    if event_id is None:
        return
    transaction.on_commit(lambda: place_renders_delete(event_id=event_id, ranking_id=ranking_id))


def public_data_changed(sender, **kwargs) -> None:
    # Bulk .update() calls send no signal: the services that use them call pages_changed too.
    pages_changed()


for model in PUBLIC_MODELS:
    post_save.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_save_{model.__name__}")
    post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_delete_{model.__name__}")
