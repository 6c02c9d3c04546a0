from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "sllm.live"
    label = "live"
    verbose_name = "Live Q&A"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel, register_paper_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .selectors import paper_questions_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Live Q&A", "live:organize", order=75)
        # An oral paper's page keeps the questions of its talk, next to the recording.
        register_paper_section("live/paper_section.html", paper_questions_section, order=60)
