"""A hung Redis (accepts connections, never answers) must fail fast, never hang a web request."""

import socket
import threading
import time

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction

from sllm.core.jobs import enqueue_on_commit


@pytest.fixture
def hung_redis_url():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)  # the kernel accepts; nobody ever reads or answers
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def _within(seconds, call):
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    return outcome, time.monotonic() - started


def test_cache_calls_give_up_on_a_hung_redis(hung_redis_url):
    cache = RedisCache(
        hung_redis_url,
        {
            "OPTIONS": settings.CACHES["default"].get(
                "OPTIONS",
                {
                    "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
                    "socket_connect_timeout": settings.REDIS_SOCKET_TIMEOUT,
                },
            )
        },
    )

    outcome, _ = _within(15, lambda: cache.get("anything"))

    assert isinstance(outcome["error"], redis.exceptions.TimeoutError)


@pytest.mark.django_db(transaction=True)
def test_enqueueing_on_a_hung_broker_logs_instead_of_failing_the_request(hung_redis_url, caplog):
    hung = Celery("hung", set_as_current=False)
    hung.config_from_object("django.conf:settings", namespace="CELERY")
    hung.conf.broker_url = hung_redis_url
    hung.conf.task_always_eager = False

    def request_that_enqueues():
        hung.set_current()  # this thread's app, as sllm/core/jobs.py finds it (celery.current_app)
        try:
            with transaction.atomic():
                enqueue_on_commit("sllm.tests.noop", 7)
            return "answered"
        finally:
            connection.close()  # this thread's own connection, like a request's
            hung.close()

    outcome, _ = _within(30, request_that_enqueues)

    assert outcome == {"value": "answered"}
    assert [r.getMessage() for r in caplog.records if r.name == "sllm.core.jobs"] == [
        "could not enqueue sllm.tests.noop(7,); it stays pending"
    ]
