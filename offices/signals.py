"""Keeps the cached public pages fresh when what they show of offices changes.

Offices registers its own models here, in its own ready(): the pages of awards (and of any app
above it) print offices' names, kinds, channels and accounts, and a page cache that only awards
hooked would need awards to know offices' models' internals. Bulk ``.update()`` calls send no
signal: the services that use them call ``pages_changed`` themselves.
"""

from django.db.models.signals import post_delete, post_save

from common.pagecache import pages_changed
from offices.government import government_forget
from offices.models import Channel, Government, Office, OfficeAccount, OfficeFormerName, OfficeKind

PUBLIC_MODELS = (OfficeKind, Office, OfficeFormerName, Channel, OfficeAccount, Government)


def public_data_changed(sender, **kwargs) -> None:
    pages_changed()


def connect() -> None:
    for model in PUBLIC_MODELS:
        name = model.__name__
        post_save.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_save_{name}")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"pagecache_delete_{name}")
    post_save.connect(government_forget, sender=Government, dispatch_uid="government_forget_save")
    post_delete.connect(government_forget, sender=Government, dispatch_uid="government_forget_delete")
