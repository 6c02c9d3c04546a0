"""Delivering the outbox: a job claims a message and counts the attempt before it sends, so a send that
hangs or whose worker dies still uses one; stale claims are swept back, withdrawn messages never go."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from sllm.core.jobs import claim_expired_before, job_time_limit
from sllm.core.registry import deliver_through

from ..models import STALE_AFTER, OutboxMessage
from ..selectors import (
    opted_out_addresses,
    unsubscribe_url,
)
from .queue import SEND_JOB, SENDABLE, _enqueue

logger = logging.getLogger(__name__)


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


def outbox_messages_withdraw(*, message_ids: list[int]) -> int:
    """Keeps messages that have not gone yet from going at all (their reason went away); sent ones stay."""
    with transaction.atomic():
        return OutboxMessage.objects.filter(
            pk__in=message_ids, status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED]
        ).update(
            status=OutboxMessage.Status.SKIPPED, last_error="Withdrawn: no longer needed.", updated_at=timezone.now()
        )
