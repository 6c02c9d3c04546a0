"""The one place that reads the Celery broker's Redis directly: queue lengths and job outcome counters.

Celery keeps no per-queue failure count, so workers add to Redis counters (tasks/heartbeat.py) that every
web process and the metrics endpoint can read. All calls use short socket timeouts: a hung Redis costs
a bounded wait, never a hung page.
"""

from datetime import UTC, datetime

import redis
from django.conf import settings

OUTCOMES = ("succeeded", "failed", "retried")
TOTALS_KEY = "sllm:jobs:outcomes"
DAY_KEY = "sllm:jobs:outcomes:{day}"
DAY_KEY_DAYS = 8
# kombu's Redis transport keeps one list per queue and priority step: the bare name, then name + SEP + step.
PRIORITY_SEP = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)
QUEUES = ("default", "sync", "pdf", "gpu")


def client(timeout: float | None = None) -> redis.Redis:
    timeout = settings.REDIS_SOCKET_TIMEOUT if timeout is None else timeout
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=timeout, socket_connect_timeout=timeout, retry=None
    )


def ping(timeout: float | None = None) -> None:
    with client(timeout) as conn:
        conn.ping()


def queue_lengths(queues=QUEUES) -> dict[str, int]:
    """Messages waiting in each queue (not yet taken by a worker)."""
    with client() as conn, conn.pipeline(transaction=False) as pipe:
        for queue in queues:
            pipe.llen(queue)
            for step in PRIORITY_STEPS:
                pipe.llen(f"{queue}{PRIORITY_SEP}{step}")
        found = pipe.execute()
    per_queue = 1 + len(PRIORITY_STEPS)
    return {queue: sum(found[i * per_queue : (i + 1) * per_queue]) for i, queue in enumerate(queues)}


def _day(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%d")


def outcome_record(*, queue: str, outcome: str) -> None:
    """Counts one finished job: all time (for Prometheus counters) and per UTC day (for the dashboard)."""
    field = f"{queue}|{outcome}"
    day_key = DAY_KEY.format(day=_day())
    with client() as conn, conn.pipeline(transaction=False) as pipe:
        pipe.hincrby(TOTALS_KEY, field, 1)
        pipe.hincrby(day_key, field, 1)
        pipe.expire(day_key, DAY_KEY_DAYS * 86400)
        pipe.execute()


def _parse(raw: dict) -> dict[tuple[str, str], int]:
    counts = {}
    for field, value in raw.items():
        queue, _, outcome = field.decode().partition("|")
        counts[(queue, outcome)] = int(value)
    return counts


def outcome_totals() -> dict[tuple[str, str], int]:
    with client() as conn:
        return _parse(conn.hgetall(TOTALS_KEY))


def outcomes_today() -> dict[tuple[str, str], int]:
    with client() as conn:
        return _parse(conn.hgetall(DAY_KEY.format(day=_day())))
