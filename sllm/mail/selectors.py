"""Reads of the outbox, the opt-outs and the groups organizers can write to."""

from django.conf import settings
from django.core import signing
from django.db.models import Count, QuerySet
from django.urls import reverse

from sllm.accounts.models import Role, User
from sllm.core.registry import MAIL_GROUPS
from sllm.submissions.models import Authorship, Paper

from .models import GroupMailing, MailOptOut, MailTemplate, OutboxMessage
from .notifications import NOTIFICATIONS

UNSUBSCRIBE_SALT = "sllm.mail.unsubscribe"


def unsubscribe_token(*, email: str, edition) -> str:
    # Unsigned by time on purpose: an unsubscribe link must keep working for years.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"e": email.lower(), "w": edition.pk}, compress=True)


def unsubscribe_url(*, email: str, edition) -> str:
    path = reverse("mail:unsubscribe", args=[unsubscribe_token(email=email, edition=edition)])
    return settings.SITE_URL.rstrip("/") + path


def opted_out_addresses(*, edition, emails: list[str]) -> set[str]:
    return set(
        MailOptOut.objects.filter(edition=edition, email__in=[e.lower() for e in emails]).values_list(
            "email", flat=True
        )
    )


def openreview_ids_of(*, emails: list[str]) -> dict[str, str]:
    """address -> OpenReview profile id, for the accounts that have one."""
    return dict(
        User.objects.filter(email__in=emails, openreview_id__startswith="~").values_list("email", "openreview_id")
    )


def _role_emails(edition, kinds: list[str]) -> list[str]:
    return list(Role.objects.filter(edition=edition, kind__in=kinds).values_list("user__email", flat=True).distinct())


def accepted_author_emails(edition) -> list[str]:
    authorships = Authorship.objects.filter(paper__edition=edition, paper__status=Paper.Status.ACCEPTED)
    return [*authorships.values_list("email", flat=True), *authorships.values_list("user__email", flat=True)]


def role_emails(*kinds: str):
    """The addresses of everyone holding one of these roles in the edition (a mail group's reader)."""
    return lambda edition: _role_emails(edition, list(kinds))


def group_labels() -> dict[str, str]:
    """The groups an organizer may write to, in the order the form offers them (apps register them)."""
    return {group.key: group.label for group in MAIL_GROUPS}


def group_recipients(*, edition, group: str) -> list[str]:
    """Every address of a group, lower-cased, sorted, without duplicates."""
    found = next((g for g in MAIL_GROUPS if g.key == group), None)
    if found is None:
        raise KeyError(group)
    return sorted({e.strip().lower() for e in found.emails(edition) if e and e.strip()})


def group_preview(*, edition, group: str) -> dict:
    """What the organizer sees before sending: who gets it and who unsubscribed."""
    addresses = group_recipients(edition=edition, group=group)
    skipped = opted_out_addresses(edition=edition, emails=addresses)
    return {
        "group": group,
        "label": group_labels()[group],
        "count": len(addresses) - len(skipped),
        "skipped": len(skipped),
        "sample": [a for a in addresses if a not in skipped][:5],
    }


def outbox_list(*, edition, status: str = "") -> QuerySet:
    messages = OutboxMessage.objects.filter(edition=edition).defer("body")
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")


def outbox_counts(*, edition) -> dict:
    rows = OutboxMessage.objects.filter(edition=edition).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in OutboxMessage.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def outbox_backlog() -> dict[str, int]:
    """Mail not yet delivered, over every edition: queued, being sent, and failed (still being retried)."""
    pending = [OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING, OutboxMessage.Status.FAILED]
    rows = OutboxMessage.objects.filter(status__in=pending).values("status").annotate(n=Count("id"))
    backlog = {status: 0 for status in pending}
    backlog.update({row["status"]: row["n"] for row in rows})
    return backlog


def outbox_message_get(*, edition, pk: int) -> OutboxMessage | None:
    return OutboxMessage.objects.filter(edition=edition, pk=pk).first()


def mailing_list(*, edition) -> QuerySet:
    return GroupMailing.objects.filter(edition=edition).select_related("sent_by").order_by("-created_at")


def mail_template_text(*, edition, key: str) -> tuple[str, str, bool]:
    """(subject, body, customised): the edition's own text of a notification, or its default."""
    notification = NOTIFICATIONS[key]
    own = MailTemplate.objects.filter(edition=edition, key=key).first() if edition is not None else None
    if own is None:
        return notification.subject, notification.body, False
    return own.subject, own.body, True


def mail_template_overview(*, edition) -> list[dict]:
    customised = set(MailTemplate.objects.filter(edition=edition).values_list("key", flat=True))
    return [{"key": n.key, "label": n.label, "customised": n.key in customised} for n in NOTIFICATIONS.values()]


def recipient_names(*, emails: list[str]) -> dict[str, str]:
    """The name to greet each address by: the account's name, else the part before the @."""
    known = {
        email.lower(): (full_name or email.split("@")[0])
        for email, full_name in User.objects.filter(email__in=emails).values_list("email", "full_name")
    }
    return {email: known.get(email.lower(), email.split("@")[0]) for email in emails}
