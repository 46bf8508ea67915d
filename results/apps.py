from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Published results")

    def ready(self) -> None:
        from results import signals  # noqa: F401  (connects the receivers)
