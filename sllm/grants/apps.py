from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "sllm.grants"
    label = "grants"
    verbose_name = "Travel grants"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Travel grants", "grants:organize", order=60)
