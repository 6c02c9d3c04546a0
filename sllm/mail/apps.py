from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sllm.mail"
    label = "mail"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Mail and outbox", "mail:outbox", order=80)
