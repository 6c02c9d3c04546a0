from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "sllm.submissions"
    label = "submissions"
