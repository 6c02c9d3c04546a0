from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sllm.accounts"
    label = "accounts"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("API tokens", "accounts:tokens", order=90)
