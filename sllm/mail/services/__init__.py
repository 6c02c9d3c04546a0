"""The mail services: queueing templated mail, delivering the outbox, and organizers' own mail."""

from .delivery import (
    outbox_message_give_up,
    outbox_message_send,
    outbox_messages_withdraw,
    outbox_release_held,
    outbox_requeue_stale,
)
from .mailings import (
    group_mailing_preview,
    group_mailing_send,
    mail_template_check,
    mail_template_preview,
    mail_template_reset,
    mail_template_save,
    mail_unsubscribe,
)
from .queue import SEND_JOB, SENDABLE, UNREACHABLE_SUFFIX, is_reachable, mail_queue, mail_render

__all__ = [
    "SENDABLE",
    "SEND_JOB",
    "UNREACHABLE_SUFFIX",
    "group_mailing_preview",
    "group_mailing_send",
    "is_reachable",
    "mail_queue",
    "mail_render",
    "mail_template_check",
    "mail_template_preview",
    "mail_template_reset",
    "mail_template_save",
    "mail_unsubscribe",
    "outbox_message_give_up",
    "outbox_message_send",
    "outbox_messages_withdraw",
    "outbox_release_held",
    "outbox_requeue_stale",
]
