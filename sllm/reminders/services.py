"""Sending what is due, and the organizers' switches; the mail itself goes through the outbox."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sllm.core.errors import ApplicationError
from sllm.mail.services import mail_queue, outbox_messages_withdraw
from sllm.workshops.models import Edition

from .models import ReminderKind, ReminderSent, ReminderSetting
from .selectors import due_now, reminder_plan, sent_map

# Editions that ended longer ago have nothing left to remind anyone of.
RECENT = dt.timedelta(days=60)


def reminders_send_due(*, edition_id: int, now=None) -> list[ReminderSent]:
    """Queues every reminder now due for the edition, once each, and withdraws queued ones no longer needed.

    The edition's row is locked, so two runs (a redelivered job, a manual run) never send the same reminder;
    the unique key is the second guard. A reminder still waiting in the outbox (a mail outage) whose thing
    has been done meanwhile is withdrawn, so nobody is reminded of what they already did.
    """
    now = now or timezone.now()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
        if edition is None:
            return []
        plan = reminder_plan(edition=edition, now=now)
        sent = sent_map(edition=edition)
        created = []
        for item in due_now(plan=plan, sent=sent, now=now):
            message = mail_queue(recipients=[item.to], template=item.template, context=item.context, edition=edition)
            created.append(
                ReminderSent.objects.create(
                    edition=edition, kind=item.kind, key=item.key, to=item.to, message=message[0], created_at=now
                )
            )
        still_needed = {item.key for item in plan}
        outbox_messages_withdraw(
            message_ids=[row.message_id for key, row in sent.items() if key not in still_needed and row.message_id]
        )
    return created


def reminders_send_all(*, now=None) -> int:
    """Every edition not long over, each in its own transaction (one edition's failure stops no other)."""
    now = now or timezone.now()
    recent = Edition.objects.filter(end_date__gte=(now - RECENT).date()).order_by("pk").values_list("pk", flat=True)
    return sum(len(reminders_send_due(edition_id=pk, now=now)) for pk in recent)


def reminder_setting_update(*, edition, kind: str, enabled: bool, days: int, deadline=None) -> ReminderSetting:
    if kind not in ReminderKind.values:
        raise ApplicationError("There is no such reminder.", code="unknown_reminder")
    if not 0 <= days <= 60:
        raise ApplicationError("Days must be between 0 and 60.", code="bad_days")
    if kind in (ReminderKind.POSTER, ReminderKind.SLIDES) and enabled and deadline is None:
        raise ApplicationError("Poster and slides reminders need their upload deadline.", code="no_deadline")
    with transaction.atomic():
        setting, _ = ReminderSetting.objects.update_or_create(
            edition=edition, kind=kind, defaults={"enabled": enabled, "days": days, "deadline": deadline}
        )
    return setting
