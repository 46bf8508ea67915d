from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from common.pagecache import pages_changed
        from judging.models import Judging

        # Of the judging data, the public pages show only what the Judging row holds: whether the
        # event shows its breakdown and the breakdown stored at finalising. Scores, criteria and
        # metrics reach no public page, so a judge's save leaves the page cache alone.
        def judging_changed(sender, **kwargs) -> None:
            pages_changed()

        post_save.connect(judging_changed, sender=Judging, dispatch_uid="pagecache_save_Judging")
        post_delete.connect(judging_changed, sender=Judging, dispatch_uid="pagecache_delete_Judging")
