"""One client address for every rate limit, behind the shipped proxy; an outage of the counters is a 503.

The attack: behind deploy/'s nginx every request comes from 127.0.0.1, and the feedback form keyed its
limit on REMOTE_ADDR, so five answers an hour were the whole edition's, and anyone could use them up.
"""

import socket

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from sllm.core.ratelimit import client_address, client_key
from sllm.program.models import Feedback
from sllm.program.services.feedback import FEEDBACK_PER_HOUR

PROXY = "127.0.0.1"


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy of ours: the header is the client's
        (1, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own entry is not believed
        (2, PROXY, "6.6.6.6, 198.51.100.7, 10.1.1.1", "198.51.100.7"),
        (1, "203.0.113.9", None, "203.0.113.9"),  # reached gunicorn directly
        (2, PROXY, "198.51.100.7", PROXY),
        (1, PROXY, " , ", PROXY),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request(remote, forwarded)) == expected


def test_client_key_is_a_keyed_hash_of_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    key = client_key(_request(PROXY, "198.51.100.7"))

    assert len(key) == 24
    assert "198.51.100.7" not in key
    assert key == client_key(_request(PROXY, "9.9.9.9, 198.51.100.7"))
    assert key != client_key(_request(PROXY, "198.51.100.8"))


def _answer(client, edition, visitor, *, spoof=""):
    forwarded = f"{spoof}, {visitor}" if spoof else visitor
    return client.post(
        reverse("program:feedback", args=[edition.slug]),
        {"comments": f"from {visitor}"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    ).status_code


@pytest.mark.django_db
def test_visitors_behind_the_proxy_each_have_their_own_feedback_limit(client, edition, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    crowd = [_answer(client, edition, f"198.51.100.{n}") for n in range(1, 2 * FEEDBACK_PER_HOUR + 1)]
    flooder = [_answer(client, edition, "203.0.113.66", spoof=f"10.0.0.{n}") for n in range(FEEDBACK_PER_HOUR + 1)]

    assert crowd == [200] * (2 * FEEDBACK_PER_HOUR)
    # Rotating the entries the client writes itself buys nothing: nginx's entry is the one counted.
    assert flooder == [200] * FEEDBACK_PER_HOUR + [429]
    assert _answer(client, edition, "198.51.100.250") == 200
    assert Feedback.objects.count() == 3 * FEEDBACK_PER_HOUR + 1


@pytest.fixture
def redis_down(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
    yield
    caches["default"].close()


@pytest.mark.django_db
def test_feedback_during_a_counter_outage_is_a_clear_503_and_nothing_stored(client, edition, redis_down):
    response = client.post(reverse("program:feedback", args=[edition.slug]), {"comments": "during the outage"})

    assert response.status_code == 503
    assert response.context["error"].message == (
        "The form is paused for a moment; please try again shortly. Nothing was saved."
    )
    assert Feedback.objects.count() == 0
