from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices")

    def ready(self) -> None:
        from offices import signals

        signals.connect()
