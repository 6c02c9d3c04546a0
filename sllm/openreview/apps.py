from django.apps import AppConfig


class OpenreviewConfig(AppConfig):
    name = "sllm.openreview"
    label = "openreview_sync"
