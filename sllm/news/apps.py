from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "sllm.news"
    label = "news"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("News", "news:organize", order=70)
