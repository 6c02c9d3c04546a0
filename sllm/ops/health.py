"""The checks behind /healthz: each one bounded in time, all run side by side.

Every check runs in its own daemon thread and the probe waits at most HEALTH_CHECK_TIMEOUT_S for all of
them, so a hung database, Redis or storage makes that check fail instead of holding the probe. A check
still stuck from an earlier probe is not started again (the answer says so), so a hung dependency
cannot pile up threads one probe at a time.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection

from . import broker
from .selectors import heartbeat_state

CHECKS = ("database", "cache", "broker", "storage", "workers", "beat")
PROBE_KEY = "sllm:healthz:probe"
STORAGE_PROBE = "healthz-probe"


class CheckFailed(Exception):
    pass


@dataclass
class Outcome:
    status: str = "fail"  # ok | fail | skipped
    detail: str = ""
    ms: int = 0

    def as_dict(self) -> dict:
        return {"status": self.status, "detail": self.detail, "ms": self.ms}


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection; a probe must not keep one open
    return connection.vendor


def check_cache() -> str:
    cache.set(PROBE_KEY, "1", 30)
    if cache.get(PROBE_KEY) != "1":
        raise CheckFailed("the cache did not keep a value")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _eager() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def check_broker() -> str | None:
    if _eager():
        return None
    broker.ping(settings.REDIS_SOCKET_TIMEOUT)
    return "redis answers"


def check_storage() -> str:
    default_storage.exists(STORAGE_PROBE)
    return default_storage.__class__.__name__


def check_workers() -> str | None:
    if _eager():
        return None
    state = heartbeat_state()
    missing = [queue for queue in settings.HEALTH_REQUIRED_QUEUES if not state["queues"].get(queue)]
    if missing:
        raise CheckFailed(f"no live worker on {', '.join(missing)}")
    return ", ".join(f"{queue}: {n}" for queue, n in sorted(state["queues"].items()))


def check_beat() -> str | None:
    if _eager():
        return None
    state = heartbeat_state()
    seen = state["beat_seen_at"]
    if not state["beat_alive"]:
        raise CheckFailed(f"last seen {seen:%Y-%m-%d %H:%M:%S} UTC" if seen else "never seen")
    return f"seen {seen:%Y-%m-%d %H:%M:%S} UTC"


REGISTRY: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
    "workers": check_workers,
    "beat": check_beat,
}

_in_flight: set[str] = set()
_in_flight_lock = threading.Lock()


def _run(name: str, call: Callable[[], str | None], outcome: Outcome) -> None:
    started = time.monotonic()
    try:
        detail = call()
        outcome.status, outcome.detail = ("skipped", "tasks run eagerly") if detail is None else ("ok", detail)
    except CheckFailed as exc:
        outcome.status, outcome.detail = "fail", str(exc)
    except Exception as exc:  # any failure is the answer of this check, never of the probe
        outcome.status, outcome.detail = "fail", f"{type(exc).__name__}: {exc}"[:300]
    finally:
        outcome.ms = round((time.monotonic() - started) * 1000)
        with _in_flight_lock:
            _in_flight.discard(name)


def run_checks(timeout: float | None = None, checks: dict | None = None) -> dict:
    """{"status": "ok"|"degraded"|"down", "checks": {name: {"status", "detail", "ms"}}}."""
    timeout = settings.HEALTH_CHECK_TIMEOUT_S if timeout is None else timeout
    checks = REGISTRY if checks is None else checks
    outcomes = {name: Outcome() for name in checks}
    threads = []
    for name, call in checks.items():
        with _in_flight_lock:
            busy = name in _in_flight
            _in_flight.add(name)
        if busy:
            outcomes[name].detail = "an earlier probe of this check is still waiting for an answer"
            continue
        thread = threading.Thread(target=_run, args=(name, call, outcomes[name]), name=f"healthz-{name}", daemon=True)
        thread.start()
        threads.append((name, thread))
    deadline = time.monotonic() + timeout
    for name, thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            outcomes[name] = Outcome("fail", f"no answer within {timeout:g} s", round(timeout * 1000))
    results = {name: outcome.as_dict() for name, outcome in outcomes.items()}
    return {"status": overall_status(results), "checks": results}


def overall_status(results: dict) -> str:
    if results.get("database", {}).get("status") == "fail":
        return "down"
    if any(result["status"] == "fail" for result in results.values()):
        return "degraded"
    return "ok"
