from django.apps import AppConfig


class SignupConfig(AppConfig):
    """Getting in: sign-up with a verified address, password reset and API tokens.

    Above mail and workshops in the app order (it mails and it reads editions), so accounts, below every
    app, keeps only the people and their roles.
    """

    name = "sllm.signup"
    label = "signup"
