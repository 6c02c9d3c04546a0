from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "sllm.exports"
    label = "exports"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Exports", "exports:list", order=90)
