from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "sllm.reminders"
    label = "reminders"

    def ready(self):
        # The registries are filled once every app is loaded.
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- see above
        from sllm.mail.notifications import register_preview_source  # noqa: PLC0415 -- see above

        from .selectors import preview_source  # noqa: PLC0415 -- see above

        register_dashboard_panel("Reminders", "reminders:organize", order=75)
        for key in (
            "review_missing",
            "review_late",
            "review_late_organizer",
            "camera_ready",
            "presenter_upload",
            "vote_closing",
            "mentoring_kickoff",
        ):
            register_preview_source(key, preview_source(key))
