"""The live Q&A behind the shipped proxy: the per-address limit applies per visitor, not to the proxy."""

import pytest
from django.test import Client
from django.urls import reverse

from sllm.live.models import Question

pytestmark = pytest.mark.django_db


def test_questions_behind_the_proxy_are_limited_per_visitor(edition, slot, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("live:ask", args=[edition.slug, slot.uid])

    def ask(visitor, n):
        # A fresh browser each time, so the per-address limit is the one that answers.
        return (
            Client()
            .post(
                url,
                {"text": f"Question {n} from {visitor}?", "website": ""},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=visitor,
                HTTP_ACCEPT="application/json",
            )
            .status_code
        )

    assert [ask("198.51.100.1", n) for n in range(31)] == [201] * 30 + [429]
    # Before, the proxy's address was everyone's: the next visitor was refused too.
    assert ask("198.51.100.2", 0) == 201
    assert Question.objects.count() == 31
