from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sllm.mail"
    label = "mail"
