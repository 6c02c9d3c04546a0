"""The mail jobs: send one outbox message, retrying with backoff while the mail server is down,
and a periodic sweep that hands any message still unsent to the first job again."""

from celery import shared_task

from sllm.mail.services import outbox_message_give_up, outbox_message_send, outbox_requeue_stale
from sllm.openreview.client import SyncError


@shared_task(
    name="sllm.mail.send_outbox_message",
    bind=True,
    acks_late=True,
    # smtplib's errors and refused connections are all OSErrors; SyncError is OpenReview refusing a message.
    autoretry_for=(OSError, SyncError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def send_outbox_message(self, message_id: int) -> str | None:
    try:
        message = outbox_message_send(message_id=message_id)
    except SyncError as exc:
        if exc.code != "not_configured":
            raise
        # No retry can deliver it before someone configures OpenReview; the organizers' Retry sends it then.
        message = outbox_message_give_up(
            message_id=message_id, reason=f"Not sent: {exc.message} Press Retry once it is."
        )
    return message.status if message else None


@shared_task(name="sllm.mail.requeue_unsent", acks_late=True)
def requeue_unsent() -> int:
    return outbox_requeue_stale()
