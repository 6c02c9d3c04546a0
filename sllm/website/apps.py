from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "sllm.website"
    label = "website"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .navigation import remember_roles  # noqa: PLC0415 -- the registry is filled once every app is loaded

        # The header's role links read the roles from the session, filled in here at login.
        user_logged_in.connect(remember_roles, dispatch_uid="website.remember_roles")
