from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "sllm.mentoring"
    label = "mentoring"
