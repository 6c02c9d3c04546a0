"""Templated email: render now, store in the outbox, send from a Celery job after commit."""

import functools
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, Engine
from django.utils import timezone

from sllm.core.errors import ApplicationError
from sllm.core.jobs import claim_expired_before, enqueue_on_commit, job_time_limit
from sllm.core.registry import deliver_through
from sllm.workshops.models import Edition

from . import placeholders
from .models import STALE_AFTER, GroupMailing, MailOptOut, MailTemplate, OutboxMessage
from .notifications import NOTIFICATIONS, PREVIEW_SOURCES, Notification
from .selectors import (
    UNSUBSCRIBE_SALT,
    group_labels,
    group_preview,
    group_recipients,
    mail_template_text,
    openreview_ids_of,
    opted_out_addresses,
    recipient_names,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)

SEND_JOB = "sllm.mail.send_outbox_message"
# The statuses of a message waiting for the mail job (a delivery claims it as sending).
SENDABLE = {OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED}

# Addresses under this top-level domain can never receive mail (RFC 2606): the sync gives them to
# people whose address OpenReview keeps to itself.
UNREACHABLE_SUFFIX = ".invalid"


def is_reachable(address: str) -> bool:
    return not address.lower().endswith(UNREACHABLE_SUFFIX)


@functools.cache
def _text_engine() -> Engine:
    # Emails are plain text: HTML autoescaping would turn "O'Brien" into "O&#x27;Brien".
    return Engine(dirs=[str(d) for d in settings.TEMPLATES[0]["DIRS"]], app_dirs=True, autoescape=False)


def _render_text(name: str, data: dict) -> str:
    return _text_engine().get_template(name).render(Context(data, autoescape=False))


def _enqueue(message_ids: list[int]) -> None:
    # A broker outage at commit leaves the message queued in the outbox; the periodic sweep
    # (outbox_requeue_stale) sends it later.
    for pk in message_ids:
        enqueue_on_commit(SEND_JOB, pk)


def mail_render(*, template: str, context: dict) -> tuple[str, str]:
    """(subject, body) of templates/emails/<template>.subject.txt and .txt, as mail_queue renders them."""
    subject = " ".join(_render_text(f"emails/{template}.subject.txt", context).split())
    return subject, _render_text(f"emails/{template}.txt", context).rstrip() + "\n"


def _edition_values(edition) -> dict:
    return {"name": edition.name, "short_name": edition.short_name} if edition is not None else {}


def mail_queue(
    *,
    recipients: list[str],
    template: str,
    context: dict,
    edition=None,
    bulk: bool = False,
    mailing=None,
    via_openreview: bool = False,
    per_recipient: dict[str, dict] | None = None,
) -> list[OutboxMessage]:
    """Renders templates/emails/<template>.subject.txt and .txt per recipient and queues them.

    A notification organizers may rewrite (notifications.py) is rendered from the edition's own text, or
    its default, with the plain placeholder values in `context`; `per_recipient` adds values per address.

    Sending happens in the `mail` job once the caller's transaction commits, so a rolled-back
    action never mails anyone, and a mail server outage only delays the message. Bulk mail to an
    address that unsubscribed from the edition is stored as skipped and never sent. A message to an
    unreachable (.invalid) address is held until its person claims their account; with
    `via_openreview`, it goes to their OpenReview profile instead, through OpenReview's messages.
    """
    addresses = list(dict.fromkeys(a.strip().lower() for a in recipients if a and a.strip()))
    opted_out = opted_out_addresses(edition=edition, emails=addresses) if bulk and edition else set()
    unreachable = [a for a in addresses if not is_reachable(a)]
    profiles = openreview_ids_of(emails=unreachable) if via_openreview and unreachable else {}
    editable = template in NOTIFICATIONS and template != "group_message"
    if editable:
        subject_text, body_text, _ = mail_template_text(edition=edition, key=template)
    personal = {address.strip().lower(): values for address, values in (per_recipient or {}).items()}
    messages = []
    for address in addresses:
        data = {**context, **personal.get(address, {}), "recipient": address, "edition": edition}
        if bulk and edition is not None:
            data["unsubscribe_url"] = unsubscribe_url(email=address, edition=edition)
        if editable:
            values = {**data, "email": address, "edition": _edition_values(edition)}
            subject = " ".join(placeholders.render(subject_text, values).split())
            body = placeholders.render(body_text, values).rstrip() + "\n\n"
            body += _render_text("emails/base_footer.txt", data).rstrip() + "\n"
        else:
            subject = " ".join(_render_text(f"emails/{template}.subject.txt", data).split())
            body = _render_text(f"emails/{template}.txt", data).rstrip() + "\n"
        if bulk and edition is not None:
            body = body + "\n" + _render_text("emails/bulk_footer.txt", data).rstrip() + "\n"
        status = OutboxMessage.Status.SKIPPED if address in opted_out else OutboxMessage.Status.QUEUED
        if status == OutboxMessage.Status.QUEUED and not is_reachable(address) and address not in profiles:
            status = OutboxMessage.Status.HELD
        messages.append(
            OutboxMessage(
                edition=edition,
                to=address,
                subject=subject[:300],
                body=body,
                template=template,
                bulk=bulk,
                status=status,
                mailing=mailing,
                openreview_id=profiles.get(address, ""),
            )
        )
    with transaction.atomic():
        created = OutboxMessage.objects.bulk_create(messages)
        _enqueue([m.pk for m in created if m.status == OutboxMessage.Status.QUEUED])
    return created


def _build_email(message: OutboxMessage) -> EmailMessage:
    headers = {}
    if message.bulk and message.edition_id:
        url = unsubscribe_url(email=message.to, edition=message.edition)
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
        }
    return EmailMessage(message.subject, message.body, None, [message.to], headers=headers)


def outbox_message_send(*, message_id: int) -> OutboxMessage | None:
    """Sends one queued message; raises on a mail server error so the job retries it.

    The delivery claims the message (sending) and counts the attempt in one commit before the send is
    tried, so a second delivery of the same job leaves it alone, and a send that never finishes (it hangs
    until the job's hard time limit kills its worker, or the worker dies) still used its attempt: the
    sweep hands such a message out MAIL_MAX_ATTEMPTS times at most, and then it is dead with its reason.
    """
    message, claimed = _attempt_claim(message_id)
    if not claimed:
        return message
    try:
        _deliver(message)
        error = None
    except Exception as exc:
        error = exc
    message.status = OutboxMessage.Status.FAILED if error else OutboxMessage.Status.SENT
    message.last_error = f"{type(error).__name__}: {error}" if error else ""
    message.sent_at = None if error else timezone.now()
    if error and message.attempts >= settings.MAIL_MAX_ATTEMPTS:
        # Retrying for ever would hide the problem; the organizer sees the reason in the outbox.
        message.status = OutboxMessage.Status.DEAD
        message.last_error = f"Gave up after {message.attempts} attempts; last error: {message.last_error}"
    with transaction.atomic():
        message.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
    if error and message.status == OutboxMessage.Status.FAILED:
        raise error
    return message


def _attempt_claim(message_id: int) -> tuple[OutboxMessage | None, bool]:
    """(the message, whether this delivery claimed it: sending, with this attempt counted and committed)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("edition")
            .filter(pk=message_id)
            .first()
        )
        # A claim older than the job's hard time limit belongs to a worker that is gone (killed or hung).
        abandoned = (
            message is not None
            and message.status == OutboxMessage.Status.SENDING
            and message.updated_at < claim_expired_before(SEND_JOB)
        )
        if message is None or not (message.status in SENDABLE or abandoned):
            return message, False  # sent, being sent, skipped, held for an unreachable address, or given up on
        if message.bulk and message.edition_id and opted_out_addresses(edition=message.edition, emails=[message.to]):
            # Unsubscribed between queueing and sending: honoured all the same.
            message.status = OutboxMessage.Status.SKIPPED
            message.save(update_fields=["status", "updated_at"])
            return message, False
        if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
            # A finished attempt that used the last one marked the message sent or dead; this one never finished.
            limit = f"{job_time_limit(SEND_JOB) / 60:g} min"
            earlier = f" Earlier error: {message.last_error}" if message.last_error else ""
            message.status = OutboxMessage.Status.DEAD
            message.last_error = (
                f"Gave up after {message.attempts} attempts: the last one never finished (the send outlived "
                f"the mail job's time limit of {limit}, or its worker stopped).{earlier}"
            )
            message.save(update_fields=["status", "last_error", "updated_at"])
            return message, False
        message.attempts += 1
        message.status = OutboxMessage.Status.SENDING
        message.save(update_fields=["attempts", "status", "updated_at"])
    return message, True


def outbox_message_give_up(*, message_id: int, reason: str) -> OutboxMessage | None:
    """Marks a message no retry can deliver dead with `reason`, which the outbox shows beside its Retry."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is not None and message.status in SENDABLE:
            message.status, message.last_error = OutboxMessage.Status.DEAD, reason
            message.save(update_fields=["status", "last_error", "updated_at"])
    return message


def _deliver(message: OutboxMessage) -> None:
    if message.openreview_id:
        # OpenReview sits above mail: it registers itself as the channel for people known only there.
        deliver_through("openreview", recipients=[message.openreview_id], subject=message.subject, message=message.body)
    else:
        _build_email(message).send(fail_silently=False)


def outbox_release_held(*, old_address: str, new_address: str) -> int:
    """Sends the mail held for an unreachable address to the address its person just verified."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(to=old_address.lower(), status=OutboxMessage.Status.HELD).values_list(
                "pk", flat=True
            )
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            to=new_address.lower(), status=OutboxMessage.Status.QUEUED, updated_at=timezone.now()
        )
        _enqueue(ids)
    return len(ids)


def outbox_requeue_stale(*, now=None) -> int:
    """Hands every message still unsent after STALE_AFTER to the mail job again.

    The job's own retries give up after a day; this sweep (Celery beat) is what guarantees that a
    long mail server outage, or a broker that lost a job, delays mail and loses none. It keeps each
    message's attempts, so a message whose send never finishes is given up after MAIL_MAX_ATTEMPTS.
    """
    cutoff = (now or timezone.now()) - STALE_AFTER
    # A message still sending after STALE_AFTER (longer than the job's hard time limit) lost its worker.
    ids = list(
        OutboxMessage.objects.filter(status__in=[*SENDABLE, OutboxMessage.Status.SENDING], updated_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        _enqueue(ids)
    return len(ids)


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


def outbox_messages_withdraw(*, message_ids: list[int]) -> int:
    """Keeps messages that have not gone yet from going at all (their reason went away); sent ones stay."""
    with transaction.atomic():
        return OutboxMessage.objects.filter(
            pk__in=message_ids, status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED]
        ).update(
            status=OutboxMessage.Status.SKIPPED, last_error="Withdrawn: no longer needed.", updated_at=timezone.now()
        )
