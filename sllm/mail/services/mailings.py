"""Organizers' mail: messages to a group, the edition's own wording of each notification, and the
unsubscribe link every bulk message carries."""

import logging

from django.core import signing
from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.workshops.models import Edition

from .. import placeholders
from ..models import GroupMailing, MailOptOut, MailTemplate, OutboxMessage
from ..notifications import NOTIFICATIONS, PREVIEW_SOURCES, Notification
from ..selectors import (
    UNSUBSCRIBE_SALT,
    group_labels,
    group_preview,
    group_recipients,
    recipient_names,
    unsubscribe_url,
)
from .queue import _edition_values, _render_text, mail_queue

logger = logging.getLogger(__name__)


def mail_unsubscribe(*, token: str) -> MailOptOut:
    """Records the opt-out a signed unsubscribe link carries; idempotent."""
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        edition = Edition.objects.get(pk=payload["w"])
        email = str(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, Edition.DoesNotExist) as exc:
        raise ApplicationError(
            "This unsubscribe link is not valid; copy the whole link from the email.", code="bad_token"
        ) from exc
    with transaction.atomic():
        opt_out, _ = MailOptOut.objects.get_or_create(edition=edition, email=email)
    return opt_out


def group_mailing_send(*, edition, group: str, subject: str, body: str, sent_by) -> GroupMailing:
    """Writes one organizer's message to every address of a group as bulk mail."""
    subject = " ".join(subject.split())
    if not subject or len(subject) > 200:
        raise ApplicationError("The subject must have 1 to 200 characters.", code="bad_subject")
    if not body.strip() or len(body) > 20_000:
        raise ApplicationError("The message must have 1 to 20,000 characters.", code="bad_body")
    mail_template_check(key="group_message", subject=subject, body=body)
    addresses = group_recipients(edition=edition, group=group)
    if not addresses:
        raise ApplicationError("This group has nobody in it yet; nothing was sent.", code="empty_group")
    per_recipient = _personalised(edition=edition, addresses=addresses, subject=subject, body=body)
    with transaction.atomic():
        mailing = GroupMailing.objects.create(
            edition=edition,
            group=group,
            subject=subject,
            body=body,
            sent_by=sent_by,
            recipient_count=0,
            skipped_count=0,
        )
        messages = mail_queue(
            recipients=addresses,
            template="group_message",
            context={"subject": subject, "body": body},
            edition=edition,
            bulk=True,
            mailing=mailing,
            per_recipient=per_recipient,
        )
        mailing.skipped_count = sum(m.status == OutboxMessage.Status.SKIPPED for m in messages)
        mailing.recipient_count = len(messages) - mailing.skipped_count
        mailing.save(update_fields=["recipient_count", "skipped_count", "updated_at"])
    return mailing


def group_mailing_preview(*, edition, group: str, subject: str, body: str) -> dict:
    """The message as its first recipient will read it, and how many will get it; sends nothing."""
    mail_template_check(key="group_message", subject=subject, body=body)
    preview = group_preview(edition=edition, group=group)
    first = preview["sample"][0] if preview["sample"] else "someone@example.org"
    mine = _personalised(edition=edition, addresses=[first], subject=subject, body=body)[first]
    data = {
        **mine,
        "recipient": first,
        "edition": edition,
        "unsubscribe_url": unsubscribe_url(email=first, edition=edition),
    }
    rendered = _render_text("emails/group_message.txt", data).rstrip() + "\n"
    rendered += "\n" + _render_text("emails/bulk_footer.txt", data).rstrip() + "\n"
    return {**preview, "to": first, "subject": " ".join(mine["subject"].split()), "body": rendered}


def _personalised(*, edition, addresses: list[str], subject: str, body: str) -> dict[str, dict]:
    """Each recipient's own subject and body: the group mail's placeholders filled with their values."""
    names = recipient_names(emails=addresses)
    personal = {}
    for address in addresses:
        values = {"name": names[address], "email": address, "edition": _edition_values(edition)}
        personal[address] = {
            "subject": placeholders.render(subject, values),
            "body": placeholders.render(body, values),
        }
    return personal


# ---- the edition's own text of each notification ----------------------------------------------------------


def mail_template_check(*, key: str, subject: str, body: str) -> Notification:
    """The notification, once its subject and body are fit to send; ApplicationError naming every problem."""
    notification = NOTIFICATIONS.get(key)
    if notification is None:
        raise ApplicationError("There is no such notification.", code="unknown_notification")
    problems = []
    if not " ".join(subject.split()) or len(subject) > 300:
        problems.append("The subject must have 1 to 300 characters.")
    if not body.strip() or len(body) > 20_000:
        problems.append("The text must have 1 to 20,000 characters.")
    for part, text in (("Subject", subject), ("Text", body)):
        problems += [f"{part}: {problem}" for problem in placeholders.template_problems(text, notification.allowed)]
    if problems:
        raise ApplicationError(" ".join(problems), code="bad_template", extra={"problems": problems})
    return notification


def mail_template_save(*, edition, key: str, subject: str, body: str, user) -> MailTemplate:
    """Stores the edition's own text; a refused text leaves the one in use untouched."""
    mail_template_check(key=key, subject=subject, body=body)
    with transaction.atomic():
        template, _ = MailTemplate.objects.update_or_create(
            edition=edition,
            key=key,
            defaults={"subject": " ".join(subject.split()), "body": body, "updated_by": user},
        )
    return template


def mail_template_reset(*, edition, key: str) -> None:
    """Back to the default text."""
    if key not in NOTIFICATIONS:
        raise ApplicationError("There is no such notification.", code="unknown_notification")
    with transaction.atomic():
        MailTemplate.objects.filter(edition=edition, key=key).delete()


def mail_template_preview(*, edition, key: str, subject: str, body: str) -> dict:
    """The text as a real recipient of this edition would read it now; described values when nobody is yet."""
    notification = mail_template_check(key=key, subject=subject, body=body)
    source = PREVIEW_SOURCES.get(key, _first_group_member)
    found = source(edition)
    if found is None:
        to, values, real = "", {name: f"[{what}]" for name, what in notification.allowed.items()}, False
        values = _nest(values)
    else:
        to, values = found
        values, real = {**values, "email": to, "edition": _edition_values(edition)}, True
    return {
        "to": to,
        "real": real,
        "subject": " ".join(placeholders.render(subject, values).split()),
        "body": placeholders.render(body, values).rstrip() + "\n",
    }


def _nest(flat: dict[str, str]) -> dict:
    nested: dict = {}
    for name, value in flat.items():
        *parents, last = name.split(".")
        target = nested
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return nested


def _first_group_member(edition):
    for group in group_labels():
        addresses = group_recipients(edition=edition, group=group)
        if addresses:
            return addresses[0], {"name": recipient_names(emails=addresses[:1])[addresses[0]]}
    return None
