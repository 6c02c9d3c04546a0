import pytest
from django.core import mail
from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.mail.models import MailOptOut, OutboxMessage
from sllm.mail.selectors import unsubscribe_token, unsubscribe_url
from sllm.mail.services import mail_queue, mail_unsubscribe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://sllm.example.org"


def test_notification_is_rendered_as_plain_text_and_sent_after_commit(edition):
    with transaction.atomic():
        mail_queue(
            recipients=["Ada@Example.org ", "ada@example.org"],
            template="grant_application_received",
            context={"name": "Ada O'Brien <3", "requested": 1200, "currency": "USD", "created": True},
            edition=edition,
        )
        assert mail.outbox == []
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ada@example.org"], "SLLM 2025: travel grant application received")
    ]
    assert mail.outbox[0].body == (
        "Dear Ada O'Brien <3,\n\nwe received your application for a travel grant to SLLM 2025, for 1200 USD "
        "in all.\n\nYou may revise it on the site until the call closes. We will write to you with the "
        "decision.\n\n--\nSLLM 2025\n"
    )
    assert list(OutboxMessage.objects.values_list("to", "status", "attempts", "bulk")) == [
        ("ada@example.org", "sent", 1, False)
    ]


def test_a_rolled_back_action_mails_nobody(edition):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(
            recipients=["a@example.org"],
            template="group_message",
            context={"subject": "S", "body": "B"},
            edition=edition,
        )
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 0


def test_bulk_mail_carries_an_unsubscribe_link_and_header(edition):
    mail_queue(
        recipients=["a@example.org"],
        template="group_message",
        context={"subject": "Posters", "body": "Bring your poster."},
        edition=edition,
        bulk=True,
    )
    url = unsubscribe_url(email="a@example.org", edition=edition)
    token = unsubscribe_token(email="a@example.org", edition=edition)
    assert url == f"https://sllm.example.org/mail/unsubscribe/{token}/"
    [message] = mail.outbox
    assert message.body == (
        "Bring your poster.\n\n--\nSLLM 2025\n\n"
        "You receive this as a@example.org because of your part in SLLM 2025. "
        f"To stop these messages from the organizers: {url}\n"
    )
    assert message.extra_headers == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Precedence": "bulk",
    }


def test_bulk_mail_skips_who_unsubscribed_but_notifications_reach_them(edition):
    mail_unsubscribe(token=unsubscribe_token(email="gone@example.org", edition=edition))
    mail_queue(
        recipients=["gone@example.org", "here@example.org"],
        template="group_message",
        context={"subject": "S", "body": "B"},
        edition=edition,
        bulk=True,
    )
    mail_queue(
        recipients=["gone@example.org"],
        template="grant_decision",
        context={"name": "G", "status": "not_funded", "award": None, "requested": 10, "currency": "USD"},
        edition=edition,
    )
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("gone@example.org", "SLLM 2025: your travel grant application"),
        ("here@example.org", "S"),
    ]
    assert sorted(OutboxMessage.objects.values_list("to", "template", "status")) == [
        ("gone@example.org", "grant_decision", "sent"),
        ("gone@example.org", "group_message", "skipped"),
        ("here@example.org", "group_message", "sent"),
    ]


def test_unsubscribing_between_queueing_and_sending_is_honoured(edition):
    with transaction.atomic():
        mail_queue(
            recipients=["late@example.org"],
            template="group_message",
            context={"subject": "S", "body": "B"},
            edition=edition,
            bulk=True,
        )
        MailOptOut.objects.create(edition=edition, email="late@example.org")
    assert mail.outbox == []
    assert list(OutboxMessage.objects.values_list("status", "attempts")) == [("skipped", 0)]


def test_unsubscribe_token_of_another_secret_is_refused(edition):

    with pytest.raises(ApplicationError) as error:
        mail_unsubscribe(token="eyJlIjoiYUBiLmMiLCJ3IjoxfQ:forged")
    assert error.value.as_dict() == {
        "error": "bad_token",
        "message": "This unsubscribe link is not valid; copy the whole link from the email.",
    }
    assert MailOptOut.objects.count() == 0
