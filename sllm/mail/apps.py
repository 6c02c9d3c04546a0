from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sllm.mail"
    label = "mail"

    def ready(self):
        from sllm.accounts.models import Role  # noqa: PLC0415 -- models load once every app is loaded
        from sllm.core.registry import register_dashboard_panel, register_mail_group  # noqa: PLC0415 -- the registry is filled once every app is loaded

        from .selectors import accepted_author_emails, role_emails  # noqa: PLC0415 -- the registry is filled once every app is loaded

        register_dashboard_panel("Mail and outbox", "mail:outbox", order=80)
        _register_job()
        # Groups of the apps below mail; apps above it (grants) register their own.
        register_mail_group("accepted_authors", "Authors of accepted papers", accepted_author_emails, order=10)
        register_mail_group("reviewers", "Reviewers", role_emails(Role.Kind.REVIEWER), order=20)
        register_mail_group("mentors", "Mentors", role_emails(Role.Kind.MENTOR), order=30)
        register_mail_group("mentees", "Mentees", role_emails(Role.Kind.MENTEE), order=40)
        register_mail_group(
            "mentors_mentees", "Mentors and mentees", role_emails(Role.Kind.MENTOR, Role.Kind.MENTEE), order=50
        )


def _mail_sweep(now=None) -> dict[str, int]:
    # Mail has its own beat entry (sllm.mail.requeue_unsent, every 5 minutes): nothing to add here.
    return {"requeued": 0, "failed": 0}


def _register_job():
    from sllm.core.registry import JobFamily, register_job_family  # noqa: PLC0415 -- filled once apps are loaded

    from .sweeps import outbox_message_retry  # noqa: PLC0415 -- models load once every app is loaded

    register_job_family(JobFamily("mail", "Mail", _mail_sweep, outbox_message_retry, "mail:outbox"))
