from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "sllm.workshops"
    label = "workshops"

    def ready(self):
        from sllm.core.registry import (  # noqa: PLC0415 -- the registry is filled once every app is loaded
            register_dashboard_panel,
            register_dashboard_section,
        )

        from .selectors import tracks_dashboard_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Call for papers", "workshops:call-edit", order=5)
        register_dashboard_panel("Community channels", "workshops:community", order=7)
        register_dashboard_section("organize/tracks_section.html", tracks_dashboard_section, order=6)
