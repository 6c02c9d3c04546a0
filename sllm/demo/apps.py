from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sllm.demo"
    label = "demo"
    verbose_name = "Demo edition"
