"""Signs of life and job outcomes from the Celery processes themselves.

Workers write a heartbeat when ready and then every HEARTBEAT_INTERVAL_S from their event loop's timer
(a prefork worker's parent, so a long job in a child does not silence it); beat writes one from its own
tick loop. Both land in the database, where /healthz and the dashboard read them. Every finished job adds
to the per-queue outcome counters in Redis, which the dashboard and /metrics read.
"""

import logging
import os
import socket
import time

from celery import bootsteps
from celery.beat import PersistentScheduler
from celery.signals import task_failure, task_retry, task_success
from django.utils import timezone

logger = logging.getLogger(__name__)


def _record(kind: str, name: str, queues: list[str], started_at) -> None:
    # Django is set up only once Celery has loaded its configuration, after this module was imported.
    from sllm.ops.services import heartbeat_record  # noqa: PLC0415 -- see the line above

    try:
        heartbeat_record(kind=kind, name=name, queues=queues, pid=os.getpid(), started_at=started_at)
    except Exception:  # a missed heartbeat shows as a stale one; it must never stop the worker
        logger.exception("could not record the %s heartbeat of %s", kind, name)


class WorkerHeartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None
        self.started_at = None

    def _beat(self, worker) -> None:
        queues = sorted(worker.app.amqp.queues.consume_from or worker.app.amqp.queues)
        _record("worker", worker.hostname, queues, self.started_at)

    def start(self, worker):
        from django.conf import settings  # noqa: PLC0415 -- read once Celery has configured Django

        self.started_at = timezone.now()
        self._beat(worker)
        self.timer_ref = worker.timer.call_repeatedly(settings.HEARTBEAT_INTERVAL_S, self._beat, (worker,))

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()


class HeartbeatScheduler(PersistentScheduler):
    """Celery's file-backed scheduler that also writes beat's heartbeat at least every interval."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._next_heartbeat = 0.0
        self._started_at = timezone.now()

    def tick(self, *args, **kwargs):
        from django.conf import settings  # noqa: PLC0415 -- read once Celery has configured Django

        interval = settings.HEARTBEAT_INTERVAL_S
        if time.monotonic() >= self._next_heartbeat:
            _record("beat", socket.gethostname(), [], self._started_at)
            self._next_heartbeat = time.monotonic() + interval
        return min(super().tick(*args, **kwargs), interval)


def _count(sender, outcome: str) -> None:
    from sllm.ops import broker  # noqa: PLC0415 -- Django is set up after this module is imported

    request = getattr(sender, "request", None)
    if request is None or request.is_eager:
        return
    queue = (request.delivery_info or {}).get("routing_key") or "default"
    try:
        broker.outcome_record(queue=queue, outcome=outcome)
    except Exception:  # counting must never turn a job's outcome into another failure
        logger.exception("could not count a %s job on %s", outcome, queue)


@task_success.connect
def _on_success(sender=None, **kwargs):
    _count(sender, "succeeded")


@task_failure.connect
def _on_failure(sender=None, **kwargs):
    _count(sender, "failed")


@task_retry.connect
def _on_retry(sender=None, **kwargs):
    _count(sender, "retried")
