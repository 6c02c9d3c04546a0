from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "sllm.program"
    label = "program"

    def ready(self):
        from sllm.core.registry import (  # noqa: PLC0415 -- the registry is filled once every app is loaded
            register_author_paper_action,
            register_dashboard_panel,
            register_mentoring_slots,
        )

        from .selectors import mentoring_slots  # noqa: PLC0415 -- models load only once every app is loaded

        register_dashboard_panel("Program builder", "program:builder", order=60)
        register_dashboard_panel("Poster boards", "program:posters", order=61)
        register_dashboard_panel("Feedback", "program:feedback-summary", order=62)
        register_dashboard_panel("Breakout outcomes", "program:outcomes", order=63)
        register_dashboard_panel("Breakout groups", "program:breakout-groups", order=64)
        register_author_paper_action("Poster, slides and recording", "program:presenter", order=50)
        register_mentoring_slots(mentoring_slots)
