from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "sllm.submissions"
    label = "submissions"

    def ready(self):
        from sllm.core.registry import register_dashboard_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .selectors import dashboard_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_section("submissions/dashboard_section.html", dashboard_section, order=10)
