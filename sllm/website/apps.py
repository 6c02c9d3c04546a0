from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "sllm.website"
    label = "website"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .navigation import remember_roles

        # The header's role links read the roles from the session, filled in here at login.
        user_logged_in.connect(remember_roles, dispatch_uid="website.remember_roles")
