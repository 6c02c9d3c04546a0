from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "sllm.proceedings"
    label = "proceedings"

    def ready(self):
        from sllm.core.registry import (  # noqa: PLC0415 -- the registry is filled once apps are loaded
            register_author_paper_action,
            register_dashboard_panel,
            register_paper_section,
        )

        from .selectors import paper_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Proceedings", "proceedings:organize", order=80)
        register_author_paper_action("Camera-ready", "proceedings:camera-ready", order=50)
        register_paper_section("proceedings/paper_section.html", paper_section, order=50)
