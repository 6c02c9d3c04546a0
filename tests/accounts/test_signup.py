"""Sign-up for self-chosen roles: the account is made once the address is confirmed; no enumeration."""

import re

import pytest

from sllm.accounts.models import PendingSignup, User
from sllm.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

STRONG = "sparse-llamas-prune-42"
GOOD = {
    "full_name": "Ada Lovelace",
    "email": "Ada@Example.ORG",
    "password": STRONG,
    "password2": STRONG,
    "openreview_id": "",
}


def confirm_path() -> str:
    body = OutboxMessage.objects.get(template="signup_verify").body
    return re.search(r"http://127\.0\.0\.1:8000(/\S+)", body).group(1)


def test_sign_up_confirms_the_address_then_makes_the_account_and_logs_in(client):
    page = client.post("/accounts/signup/?next=/mentoring/sllm-2025/mentor/", GOOD)

    assert page.status_code == 200
    assert "If <strong>ada@example.org</strong> can be used for a new account" in page.content.decode()
    assert list(OutboxMessage.objects.values_list("to", "template")) == [("ada@example.org", "signup_verify")]
    assert User.objects.count() == 0
    assert client.get(confirm_path()).status_code == 200
    assert User.objects.count() == 0

    done = client.post(confirm_path())

    assert (done.status_code, done["Location"]) == (302, "/mentoring/sllm-2025/mentor/")
    user = User.objects.get()
    assert (user.email, user.full_name, user.openreview_id, user.check_password(STRONG)) == (
        "ada@example.org",
        "Ada Lovelace",
        None,
        True,
    )
    assert PendingSignup.objects.count() == 0
    assert client.post(confirm_path()).status_code == 410


def test_an_address_in_use_gets_the_same_page_no_mail_and_no_account(client, author):
    page = client.post("/accounts/signup/", {**GOOD, "email": "author@example.org"})

    assert page.status_code == 200
    assert "If <strong>author@example.org</strong> can be used for a new account" in page.content.decode()
    assert (OutboxMessage.objects.count(), User.objects.count(), PendingSignup.objects.count()) == (0, 1, 0)


def test_an_address_taken_between_request_and_confirmation_is_refused(client):
    client.post("/accounts/signup/", GOOD)
    User.objects.create_user(email="ada@example.org", password="x")

    page = client.post(confirm_path())

    assert page.status_code == 409
    assert "An account already uses this address" in page.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "short", "password2": "short"}, "This password is too short."),
        ({"password2": "different-password-9"}, "The two passwords differ."),
        ({"email": ""}, "This field is required."),
        ({"full_name": ""}, "This field is required."),
        ({"email": "nobody"}, "Enter a valid email address."),
        ({"email": "me@openreview.invalid"}, "This address cannot receive mail."),
        ({"openreview_id": "Ada"}, "An OpenReview profile id looks like ~Ada_Lovelace1."),
    ],
)
def test_bad_sign_up_input_is_refused_with_a_message_nothing_stored_no_mail(client, change, message):
    page = client.post("/accounts/signup/", {**GOOD, **change})

    assert page.status_code == 400
    assert message in page.content.decode()
    assert (OutboxMessage.objects.count(), User.objects.count(), PendingSignup.objects.count()) == (0, 0, 0)


def test_an_openreview_id_with_an_account_is_pointed_to_the_invitation(client, author):
    author.openreview_id = "~Ada_Lovelace1"
    author.save()

    page = client.post("/accounts/signup/", {**GOOD, "openreview_id": "~Ada_Lovelace1"})

    assert page.status_code == 400
    assert "This OpenReview profile already has an account here" in page.content.decode()
    assert OutboxMessage.objects.count() == 0


def test_a_tampered_confirmation_link_is_refused(client):
    client.post("/accounts/signup/", GOOD)

    page = client.post(confirm_path()[:-3] + "abc/")

    assert page.status_code == 400
    assert User.objects.count() == 0


def test_an_outside_next_url_is_ignored(client):
    client.post("/accounts/signup/?next=https://evil.example.com/", GOOD)

    assert client.post(confirm_path())["Location"] == "/"


def test_the_login_page_carries_next_into_the_sign_up_link(client):
    page = client.get("/accounts/login/?next=/mentoring/sllm-2025/mentee/")

    assert 'href="/accounts/signup/?next=/mentoring/sllm-2025/mentee/"' in page.content.decode()
