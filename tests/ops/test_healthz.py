"""GET /healthz: the JSON contract, time-bounded checks, 503 when the database is down, never cached."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from sllm.ops.models import Heartbeat

# The checks run in threads with their own database connections: rows must be committed to be seen.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _ok(detail):
    return {"status": "ok", "detail": detail}


def _without_ms(body):
    for check in body["checks"].values():
        assert isinstance(check.pop("ms"), int)
    return body


def test_healthz_answers_ok_when_everything_is_alive(client, heartbeats, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    heartbeats(workers=[("w1@a", ["default", "sync"], 5), ("w2@b", ["pdf"], 10)], beat_age_s=7)
    seen = Heartbeat.objects.get(kind="beat").seen_at

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert _without_ms(response.json()) == {
        "status": "ok",
        "checks": {
            "database": _ok("postgresql"),
            "cache": _ok("RedisCache"),
            "broker": _ok("redis answers"),
            "storage": _ok("FileSystemStorage"),
            "workers": _ok("default: 1, pdf: 1, sync: 1"),
            "beat": _ok(f"seen {seen:%Y-%m-%d %H:%M:%S} UTC"),
        },
    }


def test_healthz_is_degraded_without_workers_or_beat(client, heartbeats, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The pdf worker's last heartbeat is older than HEARTBEAT_STALE_S (90 s); there is no beat at all.
    heartbeats(workers=[("w1@a", ["default", "sync"], 5), ("w2@b", ["pdf"], 300)], beat_age_s=None)

    body = _without_ms(client.get("/healthz").json())

    assert (body["status"], body["checks"]["workers"], body["checks"]["beat"]) == (
        "degraded",
        {"status": "fail", "detail": "no live worker on pdf"},
        {"status": "fail", "detail": "never seen"},
    )


def test_healthz_names_when_beat_was_last_seen(client, heartbeats, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    heartbeats(beat_age_s=600)
    seen = Heartbeat.objects.get(kind="beat").seen_at

    body = _without_ms(client.get("/healthz").json())

    assert body["checks"]["beat"] == {"status": "fail", "detail": f"last seen {seen:%Y-%m-%d %H:%M:%S} UTC"}
    assert body["status"] == "degraded"


def test_healthz_skips_the_job_checks_when_jobs_run_eagerly(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the demo: no broker, no workers, no beat

    body = _without_ms(client.get("/healthz").json())

    skipped = {"status": "skipped", "detail": "tasks run eagerly"}
    assert body == {
        "status": "ok",
        "checks": {
            "database": _ok("postgresql"),
            "cache": _ok("RedisCache"),
            "broker": skipped,
            "storage": _ok("FileSystemStorage"),
            "workers": skipped,
            "beat": skipped,
        },
    }


def test_a_hung_redis_cannot_hang_healthz(client, heartbeats, settings, hung_port):
    client.get("/healthz")  # loads the URLconf and views first, so only the probe itself is timed
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_CHECK_TIMEOUT_S = 1.0
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{hung_port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{hung_port}/0",
            "OPTIONS": {"socket_timeout": 30, "socket_connect_timeout": 30},
        }
    }
    heartbeats()

    started = time.monotonic()
    first = client.get("/healthz")
    first_s = time.monotonic() - started
    second = client.get("/healthz")  # the first probe's cache check is still stuck on the hung socket
    both_s = time.monotonic() - started

    assert first.status_code == 200
    body = first.json()
    assert (body["status"], body["checks"]["cache"], body["checks"]["broker"]) == (
        "degraded",
        {"status": "fail", "detail": "no answer within 1 s", "ms": 1000},
        {"status": "fail", "detail": "no answer within 1 s", "ms": 1000},
    )
    assert body["checks"]["database"]["status"] == "ok"
    assert second.json()["checks"]["cache"] == {
        "status": "fail",
        "detail": "an earlier probe of this check is still waiting for an answer",
        "ms": 0,
    }
    assert first_s < 2.5 and both_s < 5


def test_healthz_answers_503_down_when_the_database_hangs(hung_port):
    # A process of its own whose database accepts connections and never answers.
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{hung_port}/nothing",
        "HEALTH_CHECK_TIMEOUT_S": "1",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
    }
    probe = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )

    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    assert (status, body["status"], body["checks"]["database"]) == (
        503,
        "down",
        {"status": "fail", "detail": "no answer within 1 s", "ms": 1000},
    )
    assert body["checks"]["storage"]["status"] == "ok"
    assert time.monotonic() - started < 30


def test_healthz_answers_503_when_the_database_refuses_connections():
    free = __import__("socket").socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nothing",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
    }
    probe = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )

    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    assert (status, body["status"], body["checks"]["database"]["status"]) == (503, "down", "fail")
    assert body["checks"]["database"]["detail"].startswith("OperationalError: connection failed")


def test_healthz_is_never_served_from_the_page_cache(client, heartbeats, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    heartbeats(beat_age_s=None)
    first = client.get("/healthz").json()["checks"]["beat"]["status"]
    heartbeats(workers=(), beat_age_s=3)

    second = client.get("/healthz").json()["checks"]["beat"]["status"]

    assert (first, second) == ("fail", "ok")
    assert list(redis.Redis.from_url(settings.REDIS_URL).scan_iter(match="*public-page:*")) == []


def test_healthz_needs_no_login_and_only_reads(client, django_user_model):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
    assert django_user_model.objects.count() == 0
