from django.apps import AppConfig


class ArtifactsConfig(AppConfig):
    name = "sllm.artifacts"
    label = "artifacts"
