from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "sllm.workshops"
    label = "workshops"
