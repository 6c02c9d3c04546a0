from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "sllm.news"
    label = "news"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel

        register_dashboard_panel("News", "news:organize", order=70)
