from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from judging.selectors import freeze_breakdown
        from judging.selectors.jury import freeze_jury
        from results.freezing import version_freezing

        # The public pages read published versions, never the live tables: the score breakdown
        # stored at finalising reaches them when the event is published, frozen with the version
        # (a later finalising or opt-out shows only after the next publish, as every edit does).
        version_freezing.connect(freeze_breakdown, dispatch_uid="judging_freeze_breakdown")
        # The berita acara of a version judged in the app is signed by its judges, named as then.
        version_freezing.connect(freeze_jury, dispatch_uid="judging_freeze_jury")
