from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "sllm.grants"
    label = "grants"
    verbose_name = "Travel grants"

    def ready(self):
        from sllm.core.registry import register_dashboard_panel, register_mail_group  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .selectors import grant_applicant_emails  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Travel grants", "grants:organize", order=60)
        register_mail_group(
            "grant_applicants",
            "Travel grant applicants",
            lambda edition: grant_applicant_emails(edition=edition),
            order=60,
        )
