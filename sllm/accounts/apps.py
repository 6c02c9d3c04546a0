from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sllm.accounts"
    label = "accounts"
