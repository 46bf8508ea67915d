"""Receivers that keep the public pages fresh when awards' rows change (results removes a deleted
place's stored renders in its own ready()).

Offices hooks its own models in its own ready() (offices/signals.py), as judging does.
"""

from django.db.models.signals import post_delete, post_save

from awards.models import Award, Category, EvaluationEvent, Ranking, Signatory
from common.pagecache import pages_changed

# What the public pages show of awards' own models; offices (names, kinds, channels, accounts)
# and judging (the score breakdown) register theirs in their own ready().
PUBLIC_MODELS = (EvaluationEvent, Signatory, Award, Category, Ranking)


def public_data_changed(sender, **kwargs) -> None:
    # Bulk .update() calls send no signal: the services that use them call pages_changed too.
    pages_changed()


for model in PUBLIC_MODELS:
    post_save.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_save_{model.__name__}")
    post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_delete_{model.__name__}")
