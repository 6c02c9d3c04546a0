"""Issue 19, point 2 (part): a job message delivered twice does its work once, on a real worker.

Redis redelivers an unacknowledged message (acks_late) after a worker dies or the visibility timeout
passes, so the same message can run twice. Here the very same message (same task id, same arguments)
is published twice to a real `celery worker` process, and the outside effect is counted where it lands:
mail on a real SMTP listener. The same message delivered to two workers at once is run from two threads
(tests/duplicates.py); the other job families have theirs beside their own tests (test_duplicate_*.py).
"""

import socketserver
import threading
import time
from pathlib import Path

import pytest
from celery import uuid as task_uuid
from django.core.files.base import ContentFile

from sllm.mail.models import OutboxMessage
from sllm.submissions.models import PaperFile
from tasks.celery import app
from tests import factories
from tests.duplicates import deliver_twice, deliver_twice_at_once
from tests.pdfs import simple_paper_bytes


class _SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take a message: counts each DATA it accepts."""

    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                while self.rfile.readline() not in {b".\r\n", b""}:
                    pass
                self.server.received += 1
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class _SlowSmtpSink(_SmtpSink):
    def handle(self):
        time.sleep(2)
        super().handle()


@pytest.fixture
def smtp_sink(monkeypatch):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSink)
    server.received = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The worker the next fixture starts reads its mail server from the environment.
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(server.server_address[1]))
    yield server
    server.shutdown()
    server.server_close()


def _wait_for_both_runs(log: Path, task_id: str) -> None:
    # Both messages carry one task id, so the result backend answers after the first; the log shows both.
    deadline = time.monotonic() + 60
    while log.read_text().count(f"[{task_id}] succeeded") < 2:
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.2)


@pytest.mark.worker
def test_a_mail_message_delivered_twice_is_sent_once(smtp_sink, celery_worker_process, settings):
    message = OutboxMessage.objects.create(to="ada@example.org", subject="Decision", body="Accepted.", template="t")
    task_id = task_uuid()
    results = [
        app.send_task("sllm.mail.send_outbox_message", args=[message.pk], task_id=task_id, queue=celery_worker_process)
        for _ in range(2)
    ]
    for result in results:
        result.get(timeout=60)
    _wait_for_both_runs(Path(settings.MEDIA_ROOT).parent / "worker.log", task_id)

    message.refresh_from_db()
    assert smtp_sink.received == 1
    assert (message.status, message.attempts) == ("sent", 1)


@pytest.mark.django_db(transaction=True)
def test_a_mail_message_delivered_to_two_workers_at_once_is_sent_once(settings):
    # A mail server slow to greet keeps the first delivery in the middle of the send.
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SlowSmtpSink)
    server.received = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.server_address[1], "timeout": 30},
        }
    }
    message = OutboxMessage.objects.create(to="ada@example.org", subject="Decision", body="Accepted.", template="t")

    try:
        # The first delivery claims the message (sending) before it sends; the second finds the claim and
        # leaves the message alone.
        results = deliver_twice_at_once("sllm.mail.send_outbox_message", message.pk)
    finally:
        server.shutdown()
        server.server_close()

    message.refresh_from_db()
    assert (sorted(results), server.received, message.status, message.attempts) == (["sending", "sent"], 1, "sent", 1)


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
@pytest.mark.django_db(transaction=True)
def test_a_page_recheck_delivered_twice_stores_the_one_result(deliver):
    # The recheck only recomputes columns of its row from the stored file: a second run writes the same
    # values again and sends, queues or creates nothing, so it needs no claim.
    paper = factories.PaperFactory()
    stored = PaperFile(paper=paper, kind="submission", sha256="0" * 64, size=1, pages=1, main_pages=1, page_limit=5)
    stored.file.save("x.pdf", ContentFile(simple_paper_bytes(body_pages=7)), save=True)
    mail_before = OutboxMessage.objects.count()

    first, second = deliver("sllm.submissions.recheck_paper_file", stored.pk)

    stored.refresh_from_db()
    paper.refresh_from_db()
    assert first == second
    assert (first["pages"], first["main_pages"], first["within_limit"]) == (8, 7, False)
    assert (stored.pages, stored.main_pages, stored.within_limit, paper.over_page_limit) == (8, 7, False, True)
    assert (PaperFile.objects.count(), OutboxMessage.objects.count()) == (1, mail_before)
