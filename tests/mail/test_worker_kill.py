"""Issue 19, point 2: a worker killed in the middle of sending a message leaves it queued; the mail sweep
hands it to a fresh worker, which sends it once."""

import datetime as dt

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
