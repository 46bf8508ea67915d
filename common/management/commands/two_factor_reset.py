"""Reset a user's two-factor sign-in (a lost phone): the next sign-in sets up a new authenticator."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from common.otp import two_factor_reset


class Command(BaseCommand):
    help = "Remove a user's authenticator app and recovery codes, so that they set up new ones."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(username)
        except model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        removed = two_factor_reset(user=user)
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {username}; "
            "their next sign-in to the admin asks them to set up an authenticator again."
        )
