"""Receivers of results: a removed place's certificates and cards leave the storage."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from awards.models import Award, Ranking
from results.certificates.storage import place_renders_delete


@receiver(pre_delete, sender=Ranking, dispatch_uid="results_note_place_event")
def note_place_event(sender, instance: Ranking, **kwargs) -> None:
    # Before any row of a cascade is gone: the renders are filed under the event.
    instance._event_id = Award.objects.filter(pk=instance.award_id).values_list("event_id", flat=True).first()


@receiver(post_delete, sender=Ranking, dispatch_uid="results_delete_place_renders")
def delete_place_renders(sender, instance: Ranking, **kwargs) -> None:
    # The certificates and cards of a removed place are not left in the storage; only once the
    # deletion is committed, so a rolled-back delete keeps them.
    # Read the ids now: Django clears the instance's pk once the deletion is done.
    event_id, ranking_id = getattr(instance, "_event_id", None), instance.pk
    if event_id is None:
        return
    transaction.on_commit(lambda: place_renders_delete(event_id=event_id, ranking_id=ranking_id))
