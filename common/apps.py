from django.apps import AppConfig


class CommonConfig(AppConfig):
    # No models and no admin: nothing shows its name.
    name = "common"

    def ready(self) -> None:
        from common import checks  # noqa: F401  (registers the system checks)
