from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "sllm.live"
    label = "live"
    verbose_name = "Live Q&A"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel

        register_dashboard_panel("Live Q&A", "live:organize", order=75)
