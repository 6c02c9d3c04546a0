"""Demo mail: one group message to the reviewers, so the outbox holds both kinds of mail."""

from sllm.accounts.models import User

from .models import GroupMailing
from .selectors import group_recipients
from .services import group_mailing_send


def load(*, edition, stdout) -> None:
    if GroupMailing.objects.filter(edition=edition).exists():
        stdout.write("  group mail already there")
        return
    if not group_recipients(edition=edition, group="reviewers"):
        stdout.write("  no reviewers to write to")
        return
    group_mailing_send(
        edition=edition,
        group="reviewers",
        sent_by=User.objects.filter(email="organizer@sllm.example.org").first(),
        subject=f"{edition.short_name}: thank you for reviewing",
        body="Dear reviewers,\n\nthanks for your reviews. Please rank the oral candidates on your ballot.\n",
    )
    stdout.write("  outbox with a group message")
