"""The reminders job (Celery beat): every recent edition's due reminders, through the outbox."""

from celery import shared_task

from sllm.reminders.services import reminders_send_all


@shared_task(name="sllm.reminders.send_due", acks_late=True)
def send_due_reminders() -> int:
    return reminders_send_all()
