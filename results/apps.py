from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Published results")

    def ready(self) -> None:
        from offices.hooks import government_template_uploaded
        from results import signals  # noqa: F401  (connects the receivers)
        from results.official import template_upload_check

        # The committee's own DOCX templates are rendered once at upload, by the app that renders them.
        government_template_uploaded.connect(template_upload_check, dispatch_uid="results_template_check")
