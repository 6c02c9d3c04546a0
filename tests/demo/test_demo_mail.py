"""The demo's mail: what it queues for people known only through OpenReview, while OpenReview is not configured."""

import io
import logging

import pytest
from django.core.management import call_command

from sllm.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

NOT_CONFIGURED = (
    "Not sent: OpenReview is not configured: set OPENREVIEW_BASEURL, OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD. "
    "Press Retry once it is."
)


def test_the_demos_openreview_mail_dies_once_with_the_reason_and_the_rest_is_sent(
    settings, caplog, django_capture_on_commit_callbacks
):
    # As in `make setup`: the demo's OpenReview stand-in runs only while the demo venue is synced.
    settings.OPENREVIEW_USERNAME = settings.OPENREVIEW_PASSWORD = ""
    caplog.set_level(logging.INFO)

    # The mail jobs run (eagerly) as each part of the demo commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())

    through_openreview = OutboxMessage.objects.exclude(openreview_id="")
    # The oral vote's invitations to the reviewers the sync imported without a reachable address.
    assert set(through_openreview.values_list("template", flat=True)) == {"vote_open"}
    assert through_openreview.count() == 12
    assert set(through_openreview.values_list("status", "attempts", "last_error")) == {("dead", 1, NOT_CONFIGURED)}
    assert set(OutboxMessage.objects.filter(openreview_id="").values_list("status", flat=True)) == {"sent"}
    # No retries, and nothing a job could not hand on, in the log.
    assert [r.getMessage() for r in caplog.records if "OpenReview is not configured" in r.getMessage()] == []
    assert [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "enqueue" in r.getMessage()
    ] == []
