from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "sllm.workshops"
    label = "workshops"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Call for papers", "workshops:call-edit", order=5)
