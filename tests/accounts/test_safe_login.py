"""Failed-login limits (django-axes) on the login form, the admin login and the token endpoint."""

import pytest
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed logins from this address or for this account. Try again in 15 minutes"


def fail(client, url, times, email="author@example.org", **extra):
    return [client.post(url, {"username": email, "password": "wrong"}, **extra).status_code for _ in range(times)]


def test_login_form_locks_the_account_after_five_failures_even_for_the_right_password(client, author):
    assert fail(client, "/accounts/login/", 5) == [200, 200, 200, 200, 429]

    page = client.post("/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD})

    assert page.status_code == 429
    assert LOCKED in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_from_any_address(client, author):
    fail(client, "/accounts/login/", 5, REMOTE_ADDR="10.0.0.1")

    page = client.post(
        "/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )

    assert page.status_code == 429


def test_the_lock_is_per_address_across_accounts(client, author, reviewer):
    for n in range(5):
        client.post("/accounts/login/", {"username": f"guess{n}@example.org", "password": "x"}, REMOTE_ADDR="10.0.0.9")

    page = client.post(
        "/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    other = client.post(
        "/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )

    assert (page.status_code, other.status_code) == (429, 302)


def test_the_lock_ends_after_the_cool_off(client, author, settings):
    fail(client, "/accounts/login/", 5)
    # Age the failures past the cool-off, as time would.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME)

    page = client.post("/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD})

    assert (page.status_code, page["Location"]) == (302, "/")


def test_a_success_before_the_limit_resets_the_count(client, author):
    fail(client, "/accounts/login/", 4)
    client.post("/accounts/login/", {"username": "author@example.org", "password": factories.PASSWORD})
    client.logout()

    assert fail(client, "/accounts/login/", 4) == [200, 200, 200, 200]


def test_admin_login_is_limited_too(client, organizer):
    codes = fail(client, "/admin/login/?next=/admin/", 5, email="organizer@example.org")

    assert codes == [200, 200, 200, 200, 429]


def test_token_endpoint_is_limited_with_a_json_answer(client, author):
    codes = fail(client, "/api/v1/auth/token/", 5)
    answer = client.post("/api/v1/auth/token/", {"username": "author@example.org", "password": factories.PASSWORD})

    assert codes[:4] == [400, 400, 400, 400]
    assert answer.status_code == 429
    assert answer.json()["error"] == "locked_out"
    assert Token.objects.count() == 0
