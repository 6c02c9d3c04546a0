"""Templated email: render now, store in the outbox, and hand each message to the mail job after commit."""

import functools
import logging

from django.conf import settings
from django.db import transaction
from django.template import Context, Engine

from sllm.core.jobs import enqueue_on_commit

from .. import placeholders
from ..models import OutboxMessage
from ..notifications import NOTIFICATIONS
from ..selectors import (
    mail_template_text,
    openreview_ids_of,
    opted_out_addresses,
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
