from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "sllm.program"
    label = "program"
