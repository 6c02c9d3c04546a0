from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "sllm.proceedings"
    label = "proceedings"
