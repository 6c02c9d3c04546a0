from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sllm.mail"
    label = "mail"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel

        register_dashboard_panel("Mail and outbox", "mail:outbox", order=80)
