"""Issue 19, point 2: a worker killed before it tried to send a message leaves it queued; the mail sweep
hands it to a fresh worker, which sends it once. A send that never finishes (the worker killed in the middle
of the mail server conversation) still uses an attempt, so such a message dies after the last one."""

import datetime as dt
import os
import signal
import socket

import pytest
from django.utils import timezone

from sllm.mail.models import OutboxMessage
from sllm.mail.services import outbox_requeue_stale
from tests.workerkill import wait_until

pytestmark = pytest.mark.worker

JOB = "sllm.mail.send_outbox_message"


def test_a_message_whose_worker_was_killed_is_swept_and_sent_once(job_workers, edition):
    message = OutboxMessage.objects.create(
        edition=edition, to="ada@example.org", subject="Kill test 7f3a", body="Hello.", template="t", bulk=True
    )
    first = job_workers.start()

    # The job holds the message's row and then reads the unsubscribes (bulk mail): it waits there.
    with job_workers.killed_inside(first, table="mail_mailoptout"):
        assert outbox_requeue_stale(now=timezone.now() + dt.timedelta(minutes=11)) == 1

    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at) == ("queued", 0, None)
    second = job_workers.start()
    assert outbox_requeue_stale(now=timezone.now() + dt.timedelta(minutes=11)) == 1
    wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent", logs=[second.log])

    # The dead worker's own message comes back once the broker's visibility timeout passes: nothing is sent.
    assert job_workers.redeliver_unacknowledged() == 1
    wait_until(lambda: job_workers.succeeded(second, JOB) == 2, logs=[second.log])
    message.refresh_from_db()

    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    # The console mail backend writes each message sent to the worker's log: one, by the second worker.
    assert [
        first.log.read_text().count("Subject: Kill test 7f3a"),
        second.log.read_text().count("Subject: Kill test 7f3a"),
    ] == [0, 1]


def test_a_send_that_hangs_until_its_worker_is_killed_counts_and_the_message_dies_after_the_last_attempt(
    job_workers, edition
):
    message = OutboxMessage.objects.create(
        edition=edition, to="bob@example.org", subject="Hang test 2c9e", body="Hello.", template="t"
    )
    # A mail server that takes the connection and never greets: the send hangs until the worker is killed,
    # as the job's hard time limit kills it.
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(90)
        hanging_smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.getsockname()[1]),
            "EMAIL_TIMEOUT": "600",
            "MAIL_MAX_ATTEMPTS": "2",
        }
        for attempt in (1, 2):
            worker = job_workers.start(**hanging_smtp)
            # Eleven minutes pass: longer than the sweep waits, and than the job's hard time limit.
            OutboxMessage.objects.filter(pk=message.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
            assert outbox_requeue_stale() == 1
            smtp_connection, _ = server.accept()  # the worker is in the middle of the send
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=20)
            smtp_connection.close()
            message.refresh_from_db()
            # The attempt was counted when the send was claimed; the claim outlives the killed worker.
            assert (message.status, message.attempts, message.sent_at) == ("sending", attempt, None)

        # The sweep hands it out once more: no attempt is left, so the job gives up without trying to send.
        last = job_workers.start(**hanging_smtp)
        OutboxMessage.objects.filter(pk=message.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
        assert outbox_requeue_stale() == 1
        wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == "dead", logs=[last.log])
        # The dead workers' own messages come back after the visibility timeout: they change nothing.
        assert job_workers.redeliver_unacknowledged() == 2
        wait_until(lambda: job_workers.succeeded(last, JOB) == 3, logs=[last.log])

    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at) == ("dead", 2, None)
    assert message.last_error == (
        "Gave up after 2 attempts: the last one never finished (the send outlived the mail job's time limit "
        "of 2 min, or its worker stopped)."
    )
    # The sweep leaves a dead message alone; an organizer's Retry starts it again with fresh attempts.
    assert outbox_requeue_stale(now=timezone.now() + dt.timedelta(minutes=11)) == 0
