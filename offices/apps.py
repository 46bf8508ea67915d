from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _former_names_changed(sender, **kwargs) -> None:
    from common.pagecache import pages_changed

    pages_changed()


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from offices.models import OfficeFormerName

        # The office pages and the search show former names; the other public models are
        # hooked by awards (awards/signals.py), which owns the pages that show them.
        for action, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                _former_names_changed,
                sender=OfficeFormerName,
                dispatch_uid=f"pagecache_{action}_OfficeFormerName",
            )
