import re

import pytest
from django.core import mail
from django.db import IntegrityError

from sllm.accounts.models import User
from sllm.mail.models import OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


def test_login_is_by_email_and_logout_ends_the_session(client, author):
    page = client.post("/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD})

    assert (page.status_code, page["Location"]) == (302, "/")
    assert client.get("/author/sllm-2025/papers/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/author/sllm-2025/papers/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, author):
    page = client.post("/accounts/login/", {"username": "author@example.org", "password": "wrong"})

    assert page.status_code == 200
    assert "Please enter a correct email address and password." in page.content.decode()


def test_password_reset_mails_a_link_through_the_outbox(client, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "author@example.org"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/password_reset/done/")
    assert list(OutboxMessage.objects.values_list("to", "template", "status")) == [
        ("author@example.org", "password_reset", "sent")
    ]
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link, follow=True).status_code == 200


def test_password_reset_answers_the_same_for_an_unknown_address(client, author):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/password_reset/done/")
    assert OutboxMessage.objects.count() == 0


def test_emails_are_stored_lowercase_and_openreview_ids_are_unique(db):
    user = User.objects.create_user(email="Ada@Example.ORG", password="x", openreview_id="~Ada_Lovelace1")

    assert user.email == "ada@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="other@example.org", openreview_id="~Ada_Lovelace1")
