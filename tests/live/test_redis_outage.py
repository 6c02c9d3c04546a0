"""Without Redis the Q&A keeps serving questions and refuses new writes instead of letting floods through."""

import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from sllm.live.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Replaces the package's fixture: there is no Redis to clear in these tests.
    yield


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


def test_reads_work_and_asking_is_paused(client, edition, slot, redis_down):
    Question.objects.create(slot=slot, text="Asked before the outage")
    args = [edition.slug, slot.uid]
    page = client.get(reverse("live:questions", args=args))
    assert [q.text for q in page.context["questions"]] == ["Asked before the outage"]
    data = client.get(reverse("live:questions-json", args=args)).json()
    assert [q["text"] for q in data["questions"]] == ["Asked before the outage"]
    response = client.post(
        reverse("live:ask", args=args),
        {"text": "A question during the outage", "website": ""},
        HTTP_ACCEPT="application/json",
    )
    assert (response.status_code, response.json()) == (
        503,
        {"error": "unavailable", "message": "Questions are paused for a moment; please try again shortly."},
    )
    assert list(Question.objects.values_list("text", flat=True)) == ["Asked before the outage"]
