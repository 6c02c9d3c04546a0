from django.apps import AppConfig


class OpenreviewConfig(AppConfig):
    name = "sllm.openreview"
    label = "openreview_sync"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel, register_review_deadline  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .selectors import venue_review_deadline  # noqa: PLC0415 -- models load only once every app is loaded

        register_dashboard_panel("OpenReview sync", "openreview:sync", order=20)
        register_dashboard_panel("Conflicts and reassignment", "reviewing:conflicts", order=21)
        register_dashboard_panel("Review coverage", "reviewing:coverage", order=22)
        register_review_deadline(venue_review_deadline)
