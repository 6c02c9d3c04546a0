from django.apps import AppConfig


class ArtifactsConfig(AppConfig):
    name = "sllm.artifacts"
    label = "artifacts"

    def ready(self):
        from sllm.core.registry import (  # noqa: PLC0415 -- the registry is filled once every app is loaded
            register_author_paper_action,
            register_dashboard_panel,
            register_paper_section,
        )

        from .selectors import paper_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_author_paper_action("Artifacts", "artifacts:author", order=40)
        register_dashboard_panel("Artifacts and badges", "artifacts:dashboard", order=60)
        register_paper_section("artifacts/paper_section.html", paper_section, order=40)
