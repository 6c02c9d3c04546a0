from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sllm.core"
    label = "core"

    def ready(self):
        from . import lookups  # noqa: F401, PLC0415 -- registers `__includes` on JSONField once apps load
