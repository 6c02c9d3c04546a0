from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sllm.core"
    label = "core"

    def ready(self):
        # Importing them registers the start-up checks and the `__includes` lookup on JSONField.
        from . import checks, lookups  # noqa: F401, PLC0415 -- once the apps are loaded
