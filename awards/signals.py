"""Receivers that keep awards consistent with the offices they point at.

They live here, not in offices, so the arrow stays one way: awards knows offices, never back.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from awards.models import Ranking
from offices.models import Office


@receiver(post_save, sender=Office, dispatch_uid="awards_sync_office_kind")
def sync_office_kind(sender, instance: Office, **kwargs) -> None:
    # The category of a place is stored on the place; follow an office whose kind was corrected.
    # Each place is saved (not updated in bulk) so its history records the change and who made it.
    by = getattr(instance, "_history_user", None)
    for ranking in Ranking.objects.filter(office=instance).exclude(office_kind=instance.kind):
        ranking.office = instance
        if by is not None:
            ranking._history_user = by
        ranking.save(update_fields=["office_kind", "updated_at"])
