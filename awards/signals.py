"""Receivers that keep awards consistent with the offices they point at, and the public pages fresh.

They live here, not in offices, so the arrow stays one way: awards knows offices, never back.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from awards.models import EvaluationEvent, Ranking, Signatory
from common.pagecache import pages_changed
from offices.models import Channel, Office, OfficeAccount

# Everything awards' public pages show comes from these models (an app that adds to the pages,
# such as judging's score breakdown, registers its own models in its own ready()).
PUBLIC_MODELS = (Office, Channel, OfficeAccount, EvaluationEvent, Signatory, Ranking)


@receiver(post_save, sender=Office, dispatch_uid="awards_sync_office_kind")
def sync_office_kind(sender, instance: Office, **kwargs) -> None:
    # The category of a place is stored on the place; follow an office whose kind was corrected.
    # Each place is saved (not updated in bulk) so its history records the change and who made it.
    by = getattr(instance, "_history_user", None)
    for ranking in Ranking.objects.filter(office=instance).exclude(office_kind=instance.kind_id):
        ranking.office = instance
        if by is not None:
            ranking._history_user = by
        ranking.save(update_fields=["office_kind", "updated_at"])


@receiver(post_delete, sender=Ranking, dispatch_uid="awards_delete_place_renders")
def delete_place_renders(sender, instance: Ranking, **kwargs) -> None:
    # The certificates and cards of a removed place are not left in the storage; only once the
    # deletion is committed, so a rolled-back delete keeps them.
    from awards.certificates.storage import place_renders_delete

    # Read the ids now: Django clears the instance's pk once the deletion is done.
    event_id, ranking_id = instance.event_id, instance.pk
    transaction.on_commit(lambda: place_renders_delete(event_id=event_id, ranking_id=ranking_id))


def public_data_changed(sender, **kwargs) -> None:
    # Bulk .update() calls send no signal: the services that use them call pages_changed too.
    pages_changed()


for model in PUBLIC_MODELS:
    post_save.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_save_{model.__name__}")
    post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_delete_{model.__name__}")
