"""The organizers' Retry of a message the mail job failed or gave up on (sllm/core/registry.py).

Mail's stale-job sweep is its own beat entry (outbox_requeue_stale, tasks/mail.py, every 5 minutes);
the job's attempts are bounded by MAIL_MAX_ATTEMPTS, after which the message is dead with its reason. Each
attempt is counted before the send is tried, a send that never finished included; the sweep keeps the count,
and only an organizer's Retry starts it again from zero.
"""

from django.db import transaction

from sllm.core.jobs import enqueue_on_commit
from sllm.core.sweeps import retry_target

from .models import OutboxMessage


def outbox_message_retry(*, edition, pk: int, user) -> str:
    """Queues a failed, dead or stale message again, with fresh attempts."""
    with transaction.atomic():
        message = retry_target(OutboxMessage.objects.filter(edition=edition), pk=pk, what="message")
        message.status = OutboxMessage.Status.QUEUED
        message.attempts = 0
        message.last_error = ""
        message.save(update_fields=["status", "attempts", "last_error", "updated_at"])
        enqueue_on_commit("sllm.mail.send_outbox_message", message.pk)
    return f"The message to {message.to} is queued again."
