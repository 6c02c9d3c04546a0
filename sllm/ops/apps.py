from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sllm.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from sllm.core.registry import register_dashboard_section  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .errorreports import sentry_init  # noqa: PLC0415 -- settings are read once apps are ready
        from .selectors import ops_overview  # noqa: PLC0415 -- models load after the app registry

        register_dashboard_section(
            "ops/dashboard_section.html", lambda edition, query: ops_overview(edition=edition), 5
        )
        sentry_init()
