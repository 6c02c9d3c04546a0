from django.apps import AppConfig


class ReviewingConfig(AppConfig):
    name = "sllm.reviewing"
    label = "reviewing"
