import pytest
from django.core import mail
from django.db import IntegrityError

from sllm.accounts.models import User
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


def test_password_reset_mails_a_link(client, author):
    response = client.post("/accounts/password_reset/", {"email": "author@example.org"})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_emails_are_stored_lowercase_and_openreview_ids_are_unique(db):
    user = User.objects.create_user(email="Ada@Example.ORG", password="x", openreview_id="~Ada_Lovelace1")

    assert user.email == "ada@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="other@example.org", openreview_id="~Ada_Lovelace1")
