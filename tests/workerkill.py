"""A worker killed in the middle of a job, for real: the job blocks on a table lock, the worker gets SIGKILL.

The test holds an ACCESS EXCLUSIVE lock on a table the job reads once it has started (from a connection of
its own), waits until the worker's database session queues behind that lock, kills the worker process with
SIGKILL, and ends its orphaned session as the server does once the dead host's connection drops. The job's
row stays where the dead worker left it; a fresh worker on the real queues then runs whatever the
stale-job sweep (or the broker's redelivery) hands it.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection

from tasks.celery import app

QUEUES = "default,sync,pdf"


OPENREVIEW_SETTINGS = (
    "OPENREVIEW_BASEURL",
    "OPENREVIEW_USERNAME",
    "OPENREVIEW_PASSWORD",
    "OPENREVIEW_BACKOFF_S",
    "OPENREVIEW_BACKOFF_MAX_S",
    "OPENREVIEW_TIMEOUT_S",
)


def worker_env(settings) -> dict:
    """The environment of a worker process against this test's database, media folder and OpenReview."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # A test's OpenReview stand-in (its address and the short backoffs) reaches the worker's gateway too.
        **{name: str(getattr(settings, name)) for name in OPENREVIEW_SETTINGS},
    }


def start_worker(*, queues: str, name: str, env: dict, log: Path) -> subprocess.Popen:
    """A `celery worker` process (solo pool: the job runs in that very process), once it says it is ready."""
    root = Path(__file__).resolve().parent.parent
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tasks",
                "worker",
                "-Q",
                queues,
                "--pool",
                "solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}@%h",
                "-l",
                "info",
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise AssertionError(f"the worker did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return worker


def _connect(**options) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"] or "postgres", dbname=db["NAME"], **options
    )


def forget_unacknowledged() -> None:
    # A killed worker's message waits in Redis' unacked set until the visibility timeout (hours): it must not
    # reach the next test's worker.
    with app.connection() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


class Workers:
    """Worker processes on the real queues (default, sync, pdf) of this test's Redis database."""

    def __init__(self, settings, folder: Path):
        self.settings = settings
        self.folder = folder
        self.started: list = []

    def start(self, **settings_env: str):
        """A worker; `settings_env` adds environment variables (settings) of its own."""
        log = self.folder / f"worker-{len(self.started)}.log"
        # Mail the jobs send (a vote's invitations, say) is written to the worker's log.
        env = {
            **worker_env(self.settings),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            **settings_env,
        }
        worker = start_worker(queues=QUEUES, name=f"kill-{os.getpid()}-{len(self.started)}", env=env, log=log)
        worker.log = log
        self.started.append(worker)
        return worker

    @contextmanager
    def killed_inside(self, worker, *, table: str, timeout: float = 90, group: bool = False):
        """Blocks `worker`'s job at its first read of `table`, then kills the worker there (SIGKILL).

        Enter before sending the job; the body sends it; on leaving, the worker is dead mid-job. `group`:
        the worker leads a process group of its own (a GPU runner and its benchmark child), all killed.
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
            if group:
                os.killpg(worker.pid, signal.SIGKILL)
            else:
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

    @staticmethod
    def succeeded(worker, task_name: str) -> int:
        """How many runs of `task_name` the worker's log reports as succeeded."""
        lines = worker.log.read_text().splitlines()
        return sum(1 for line in lines if f"Task {task_name}[" in line and " succeeded in " in line)

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
