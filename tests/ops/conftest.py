import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from sllm.ops.models import Heartbeat


@pytest.fixture
def hung_port():
    """A real socket that accepts connections and never answers: a hung Redis or database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def heartbeats():
    """heartbeats(worker_queues=[...], beat_age_s=N) writes heartbeats seen `age` seconds ago."""

    def write(*, workers=(("w1@host", ["default", "sync", "pdf"], 5),), beat_age_s=5):
        now = timezone.now()
        for name, queues, age in workers:
            Heartbeat.objects.create(
                kind="worker", name=name, queues=queues, pid=1, started_at=now, seen_at=now - timedelta(seconds=age)
            )
        if beat_age_s is not None:
            Heartbeat.objects.create(
                kind="beat", name="beat-host", pid=2, started_at=now, seen_at=now - timedelta(seconds=beat_age_s)
            )

    return write
