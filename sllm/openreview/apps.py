from django.apps import AppConfig


class OpenreviewConfig(AppConfig):
    name = "sllm.openreview"
    label = "openreview_sync"

    def ready(self):
        from sllm.core.registry import (  # noqa: PLC0415 -- the registry is filled once every app is loaded
            register_dashboard_panel,
            register_message_channel,
            register_paper_section,
            register_review_deadline,
        )

        from .selectors import paper_forum_section, venue_review_deadline  # noqa: PLC0415 -- models load only once every app is loaded

        register_dashboard_panel("OpenReview sync", "openreview:sync", order=20)
        register_dashboard_panel("Invitations", "openreview:invitations", order=20)
        register_dashboard_panel("Conflicts and reassignment", "reviewing:conflicts", order=21)
        register_dashboard_panel("Review coverage", "reviewing:coverage", order=22)
        register_paper_section("openreview/paper_forum.html", paper_forum_section, order=5)
        register_review_deadline(venue_review_deadline)
        register_message_channel("openreview", _post_message)
        _register_job()


def _register_job():
    from sllm.core.registry import JobFamily, register_job_family  # noqa: PLC0415 -- filled once apps are loaded

    from .sweeps import sync_run_retry, sync_runs_sweep  # noqa: PLC0415 -- models load once every app is loaded

    register_job_family(JobFamily("sync", "OpenReview sync", sync_runs_sweep, sync_run_retry, "openreview:sync"))


def _post_message(**message):
    from .client import OpenReviewGateway  # noqa: PLC0415 -- the gateway loads openreview-py: only when a message goes out

    OpenReviewGateway.from_settings().post_message(**message)
