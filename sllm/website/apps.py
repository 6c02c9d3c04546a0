from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "sllm.website"
    label = "website"
