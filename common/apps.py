from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """What every app shares: no tables of its own; its system checks, signal receivers and
    management commands."""

    name = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from common import checks  # noqa: F401  (registers the system checks)
        from common.otp import note_two_factor_at_login

        # A sign-in notes whether the account must confirm it with a code (common/otp.py).
        user_logged_in.connect(note_two_factor_at_login, dispatch_uid="common.otp.note_two_factor_at_login")
