"""Where the decisions plug into shared pages: the organizers' dashboard."""

from sllm.core.registry import register_dashboard_panel


def register() -> None:
    register_dashboard_panel("Decisions", "decisions:list", order=35)
