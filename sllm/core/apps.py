from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sllm.core"
    label = "core"
