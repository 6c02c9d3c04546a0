"""The mail job: send one outbox message, retrying with backoff while the mail server is down."""

from celery import shared_task

from sllm.mail.services import outbox_message_send


@shared_task(
    name="sllm.mail.send_outbox_message",
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def send_outbox_message(self, message_id: int) -> str | None:
    message = outbox_message_send(message_id=message_id)
    return message.status if message else None
