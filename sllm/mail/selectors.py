"""Reads of the outbox, the opt-outs and the groups organizers can write to."""

from django.conf import settings
from django.core import signing
from django.db.models import Count, QuerySet
from django.urls import reverse

from sllm.accounts.models import Role
from sllm.grants.selectors import grant_applicant_emails
from sllm.submissions.models import Authorship, Paper

from .models import GroupMailing, MailOptOut, OutboxMessage

UNSUBSCRIBE_SALT = "sllm.mail.unsubscribe"

# The groups an organizer may write to, in the order the form offers them.
GROUPS = {
    "accepted_authors": "Authors of accepted papers",
    "reviewers": "Reviewers",
    "mentors": "Mentors",
    "mentees": "Mentees",
    "mentors_mentees": "Mentors and mentees",
    "grant_applicants": "Travel grant applicants",
}


def unsubscribe_token(*, email: str, workshop) -> str:
    # Unsigned by time on purpose: an unsubscribe link must keep working for years.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"e": email.lower(), "w": workshop.pk}, compress=True)


def unsubscribe_url(*, email: str, workshop) -> str:
    path = reverse("mail:unsubscribe", args=[unsubscribe_token(email=email, workshop=workshop)])
    return settings.SITE_URL.rstrip("/") + path


def opted_out_addresses(*, workshop, emails: list[str]) -> set[str]:
    return set(
        MailOptOut.objects.filter(workshop=workshop, email__in=[e.lower() for e in emails]).values_list(
            "email", flat=True
        )
    )


def _role_emails(workshop, kinds: list[str]) -> list[str]:
    return list(Role.objects.filter(workshop=workshop, kind__in=kinds).values_list("user__email", flat=True).distinct())


def group_recipients(*, workshop, group: str) -> list[str]:
    """Every address of a group, lower-cased, sorted, without duplicates."""
    if group == "accepted_authors":
        authorships = Authorship.objects.filter(paper__workshop=workshop, paper__status=Paper.Status.ACCEPTED)
        emails = [
            *authorships.values_list("email", flat=True),
            *authorships.values_list("user__email", flat=True),
        ]
    elif group == "reviewers":
        emails = _role_emails(workshop, [Role.Kind.REVIEWER])
    elif group == "mentors":
        emails = _role_emails(workshop, [Role.Kind.MENTOR])
    elif group == "mentees":
        emails = _role_emails(workshop, [Role.Kind.MENTEE])
    elif group == "mentors_mentees":
        emails = _role_emails(workshop, [Role.Kind.MENTOR, Role.Kind.MENTEE])
    elif group == "grant_applicants":
        emails = grant_applicant_emails(workshop=workshop)
    else:
        raise KeyError(group)
    return sorted({e.strip().lower() for e in emails if e and e.strip()})


def group_preview(*, workshop, group: str) -> dict:
    """What the organizer sees before sending: who gets it and who unsubscribed."""
    addresses = group_recipients(workshop=workshop, group=group)
    skipped = opted_out_addresses(workshop=workshop, emails=addresses)
    return {
        "group": group,
        "label": GROUPS[group],
        "count": len(addresses) - len(skipped),
        "skipped": len(skipped),
        "sample": [a for a in addresses if a not in skipped][:5],
    }


def outbox_list(*, workshop, status: str = "") -> QuerySet:
    messages = OutboxMessage.objects.filter(workshop=workshop).defer("body")
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")


def outbox_counts(*, workshop) -> dict:
    rows = OutboxMessage.objects.filter(workshop=workshop).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in OutboxMessage.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def outbox_message_get(*, workshop, pk: int) -> OutboxMessage | None:
    return OutboxMessage.objects.filter(workshop=workshop, pk=pk).first()


def mailing_list(*, workshop) -> QuerySet:
    return GroupMailing.objects.filter(workshop=workshop).select_related("sent_by").order_by("-created_at")
