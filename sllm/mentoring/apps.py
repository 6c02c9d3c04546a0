from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "sllm.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Mentoring", "mentoring:organize", order=50)
