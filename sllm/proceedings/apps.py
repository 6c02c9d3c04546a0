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
        _register_job()


def _register_job():
    from sllm.core.registry import JobFamily, register_job_family  # noqa: PLC0415 -- filled once apps are loaded

    from .sweeps import build_retry, builds_sweep  # noqa: PLC0415 -- models load once every app is loaded

    register_job_family(JobFamily("build", "Proceedings build", builds_sweep, build_retry, "proceedings:organize"))
