from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "sllm.grants"
    label = "grants"
    verbose_name = "Travel grants"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel

        register_dashboard_panel("Travel grants", "grants:organize", order=60)
