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
        _register_jobs()


def _register_jobs():
    from sllm.core.registry import JobFamily, register_job_family  # noqa: PLC0415 -- filled once apps are loaded

    from . import sweeps  # noqa: PLC0415 -- models load once every app is loaded

    page = "artifacts:dashboard"
    register_job_family(
        JobFamily("checkpoint", "Checkpoint verification", sweeps.checkpoints_sweep, sweeps.checkpoint_retry, page)
    )
    register_job_family(
        JobFamily("benchmark", "GPU benchmark", sweeps.benchmark_jobs_sweep, sweeps.benchmark_job_retry, page)
    )
