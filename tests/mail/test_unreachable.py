"""Mail never goes to an address that cannot receive it; failing mail stops after a cap, with a reason."""

import socket

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail

from sllm.accounts.models import User
from sllm.mail.services import mail_queue, outbox_message_send, outbox_requeue_stale

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _queue(address, **kwargs):
    return mail_queue(
        recipients=[address],
        template="group_message",
        context={"subject": "Schedule", "body": "The schedule is out."},
        **kwargs,
    )[0]


def test_mail_to_an_invalid_address_is_held_and_never_sent(edition):
    message = _queue("ada_lovelace1@openreview.invalid", edition=edition)

    assert (message.status, message.openreview_id) == ("held", "")
    assert outbox_message_send(message_id=message.pk).status == "held"
    assert outbox_requeue_stale() == 0
    assert mail.outbox == []


def test_held_mail_shows_in_the_outbox_with_its_state(client_for, organizer, edition):
    _queue("ada_lovelace1@openreview.invalid", edition=edition)

    page = client_for(organizer).get("/organize/sllm-2025/mail/?status=held")

    assert "Held (no reachable address yet)" in page.content.decode()
    assert "ada_lovelace1@openreview.invalid" in page.content.decode()


def test_a_message_failing_past_the_cap_is_marked_dead_with_the_reason(edition, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    message = _queue("p0@example.org", edition=edition)
    with pytest.raises(ConnectionRefusedError):
        outbox_message_send(message_id=message.pk)

    last = outbox_message_send(message_id=message.pk)

    assert (last.status, last.attempts) == ("dead", 2)
    assert last.last_error == (
        "Gave up after 2 attempts; last error: ConnectionRefusedError: [Errno 111] Connection refused"
    )
    assert outbox_message_send(message_id=message.pk).attempts == 2
    assert outbox_requeue_stale() == 0


def test_mail_through_openreview_while_openreview_is_not_configured_dies_at_once_with_the_reason(
    edition, settings, django_capture_on_commit_callbacks
):
    settings.OPENREVIEW_USERNAME = settings.OPENREVIEW_PASSWORD = ""
    User.objects.create(
        email="grace_hopper1@openreview.invalid", openreview_id="~Grace_Hopper1", password=make_password(None)
    )

    # The mail job itself runs (eagerly) once the queueing commits: no retry can help, so none is made.
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue("grace_hopper1@openreview.invalid", edition=edition, via_openreview=True)

    message.refresh_from_db()
    assert (message.status, message.attempts, message.openreview_id) == ("dead", 1, "~Grace_Hopper1")
    assert message.last_error == (
        "Not sent: OpenReview is not configured: set OPENREVIEW_BASEURL, OPENREVIEW_USERNAME and "
        "OPENREVIEW_PASSWORD. Press Retry once it is."
    )
    assert outbox_requeue_stale() == 0
    assert mail.outbox == []
