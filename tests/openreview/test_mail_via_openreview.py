"""The vote-open mail of a voter without a reachable address goes through OpenReview's messages."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail

from sllm.accounts.models import User
from sllm.mail.services import mail_queue, outbox_message_send

from .conftest import control

pytestmark = pytest.mark.django_db


def test_unreachable_voter_gets_the_vote_open_mail_through_openreview(standin, edition):
    User.objects.create(
        email="grace_hopper1@openreview.invalid", openreview_id="~Grace_Hopper1", password=make_password(None)
    )
    context = {"name": "Grace", "vote": "Oral", "deadline": None, "ballot_url": "http://x/ballot/", "papers": 2}
    message = mail_queue(
        recipients=["grace_hopper1@openreview.invalid"],
        template="vote_open",
        context=context,
        edition=edition,
        via_openreview=True,
    )[0]
    assert (message.status, message.openreview_id) == ("queued", "~Grace_Hopper1")

    sent = outbox_message_send(message_id=message.pk)

    assert sent.status == "sent"
    recorded = control(standin, "messages")["messages"]
    assert [(m["groups"], m["subject"]) for m in recorded] == [(["~Grace_Hopper1"], message.subject)]
    assert "open the invitation link the organizers sent you through OpenReview" in recorded[0]["message"]
    assert mail.outbox == []


def test_openreview_refusing_the_message_leaves_it_failed_for_a_retry(standin, edition):
    User.objects.create(
        email="grace_hopper1@openreview.invalid", openreview_id="~Grace_Hopper1", password=make_password(None)
    )
    control(standin, "faults", {"route": "/messages/requests", "kind": "503", "count": 1})
    message = mail_queue(
        recipients=["grace_hopper1@openreview.invalid"],
        template="group_message",
        context={"subject": "S", "body": "B"},
        edition=edition,
        via_openreview=True,
    )[0]

    with pytest.raises(Exception) as error:
        outbox_message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (type(error.value).__name__, message.status, message.attempts) == ("SyncError", "failed", 1)
    assert control(standin, "messages")["messages"] == []
    assert outbox_message_send(message_id=message.pk).status == "sent"
