from django.apps import AppConfig


class ReviewingConfig(AppConfig):
    name = "sllm.reviewing"
    label = "reviewing"

    def ready(self):
        from .decisions.hooks import register as register_decisions  # noqa: PLC0415 -- the registry is filled once every app is loaded
        from .votes.hooks import register as register_votes  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_votes()
        register_decisions()
