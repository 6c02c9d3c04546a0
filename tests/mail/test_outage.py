"""A mail server outage delays mail and loses none."""

import datetime as dt
import socket

import pytest
from django.core import mail
from django.utils import timezone

from sllm.mail.models import OutboxMessage
from sllm.mail.services import mail_queue, outbox_requeue_stale
from tasks.celery import app
from tasks.mail import requeue_unsent

pytestmark = pytest.mark.django_db(transaction=True)


LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _closed_port() -> int:
    # A port nothing listens on: connecting is refused at once, like a mail server that is down.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }


def _queue(edition, n=3):
    return mail_queue(
        recipients=[f"p{i}@example.org" for i in range(n)],
        template="group_message",
        context={"subject": "Schedule", "body": "The schedule is out."},
        edition=edition,
    )


def test_outage_keeps_every_message_failed_with_its_error_and_retries(edition, smtp_down):
    _queue(edition)
    rows = list(OutboxMessage.objects.order_by("to").values_list("to", "status", "attempts"))
    # Run eagerly the job tries once; its retries (and the sweep below) come later.
    assert rows == [
        ("p0@example.org", "failed", 1),
        ("p1@example.org", "failed", 1),
        ("p2@example.org", "failed", 1),
    ]
    assert set(OutboxMessage.objects.values_list("last_error", flat=True)) == {
        "ConnectionRefusedError: [Errno 111] Connection refused"
    }


def test_after_the_outage_the_sweep_sends_every_message_exactly_once(edition, smtp_down, settings):
    _queue(edition)
    settings.MAILERS = LOCMEM
    # Too recent: a job may still be retrying them, so the sweep leaves them alone.
    assert outbox_requeue_stale() == 0
    assert mail.outbox == []
    assert outbox_requeue_stale(now=timezone.now() + dt.timedelta(minutes=11)) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sent", 2)}
    # A second sweep (or a duplicate delivery of the job) sends nothing twice.
    assert outbox_requeue_stale(now=timezone.now() + dt.timedelta(minutes=30)) == 0
    assert len(mail.outbox) == 3


def test_a_broker_outage_at_commit_leaves_the_message_queued_for_the_sweep(edition, settings, broker_down):
    settings.MAILERS = LOCMEM
    _queue(edition, n=1)
    app.set_current()  # the broker is back
    assert list(OutboxMessage.objects.values_list("status", "attempts")) == [("queued", 0)]
    OutboxMessage.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    assert requeue_unsent.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["p0@example.org"]]
    assert list(OutboxMessage.objects.values_list("status", "attempts")) == [("sent", 1)]
