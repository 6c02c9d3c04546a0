"""A worker killed in the middle of a job, for real: the job blocks on a table lock, the worker gets SIGKILL.

The test holds an ACCESS EXCLUSIVE lock on a table the job reads once it has started (from a connection of
its own), waits until the worker's database session queues behind that lock, kills the worker process with
SIGKILL, and ends its orphaned session as the server does once the dead host's connection drops. The job's
row stays where the dead worker left it; a fresh worker on the real queues then runs whatever the
stale-job sweep (or the broker's redelivery) hands it.
"""

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tasks.celery import app
from tests.conftest import start_worker, worker_env

QUEUES = "default,sync,pdf"


def _connect(**options) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"] or "postgres", dbname=db["NAME"], **options)


def _forget_unacknowledged() -> None:
    # A killed worker's message waits in Redis' unacked set until the visibility timeout (hours): it must not
    # reach the next test's worker.
    with app.connection() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


class Workers:
    """Worker processes on the real queues (default, sync, pdf) of this test's Redis database."""

    def __init__(self, settings, folder: Path):
        self.env = worker_env(settings)
        self.folder = folder
        self.started: list = []

    def start(self):
        log = self.folder / f"worker-{len(self.started)}.log"
        worker = start_worker(queues=QUEUES, name=f"kill-{os.getpid()}-{len(self.started)}", env=self.env, log=log)
        worker.log = log
        self.started.append(worker)
        return worker

    @contextmanager
    def killed_inside(self, worker, *, table: str, timeout: float = 90):
        """Blocks `worker`'s job at its first read of `table`, then kills the worker there (SIGKILL).

        Enter before sending the job; the body sends it; on leaving, the worker is dead mid-job.
        """
        with _connect() as lock:
            lock.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
            yield
            deadline = time.monotonic() + timeout
            waiting = []
            while not waiting:
                assert worker.poll() is None, f"the worker died early:\n{worker.log.read_text()}"
                assert time.monotonic() < deadline, f"the job never reached {table}:\n{worker.log.read_text()}"
                time.sleep(0.1)
                waiting = lock.execute(
                    "SELECT pid FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [table]
                ).fetchall()
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=20)
            # The dead host's connection drops: the server ends its session and rolls its transaction back.
            for (pid,) in waiting:
                lock.execute("SELECT pg_terminate_backend(%s)", [pid])
            lock.rollback()

    def redeliver_unacknowledged(self) -> int:
        """What Redis does once the visibility timeout passes: the dead worker's message goes out again."""
        with app.connection() as conn:
            channel = conn.default_channel
            tags = [tag.decode() for tag in channel.client.hkeys("unacked")]
            for tag in tags:
                channel.qos.restore_by_tag(tag, leftmost=True)
        return len(tags)

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)


def wait_until(check, *, timeout: float = 120, what: str = "the job", logs=()) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not finish:\n" + "\n".join(log.read_text() for log in logs))
        time.sleep(0.2)


@pytest.fixture
def job_workers(transactional_db, settings, tmp_path):
    app.control.purge()
    _forget_unacknowledged()
    workers = Workers(settings, tmp_path)
    app.conf.task_always_eager = False
    try:
        yield workers
    finally:
        app.conf.task_always_eager = True
        workers.stop_all()
        app.control.purge()
        _forget_unacknowledged()
