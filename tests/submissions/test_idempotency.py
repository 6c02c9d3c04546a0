"""Issue 19, point 1: a create retried with the same Idempotency-Key acts once, whatever was cut."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.db.models.signals import post_save

from sllm.core.models import IdempotencyKey
from sllm.submissions.models import Paper, PaperFile
from tests.dbcut import cut_connection
from tests.submissions.test_submit_api import URL, _payload, _stored_files
from tests.submissions.test_views import _form

KEY = "0f7c1e9e-5a43-4d4b-9a53-3c1f1f6f2a10"


@pytest.fixture
def cut_on_paper_save():
    """Cuts the database when a paper is saved: `after_commit=True` once it committed, else at once."""
    armed = {}

    def on_save(sender, instance, created, **kwargs):
        if created and armed:
            after_commit = armed.pop("after_commit")
            if after_commit:
                transaction.on_commit(cut_connection)
            else:
                cut_connection()

    post_save.connect(on_save, sender=Paper, weak=False)
    yield armed
    post_save.disconnect(on_save, sender=Paper)
    connection.close()  # what Django's request_finished does with a broken connection


def _post(client, key=KEY, **overrides):
    return client.post(URL, _payload(**overrides), headers={"Idempotency-Key": key} if key else {})


@pytest.mark.django_db
def test_the_same_key_answers_the_first_outcome_again(client_for, author, main_track, settings):
    client = client_for(author)
    first = _post(client)
    again = _post(client)

    assert (first.status_code, first["Idempotent-Replayed"]) == (201, "false")
    assert (again.status_code, again["Idempotent-Replayed"]) == (201, "true")
    assert again.json() == first.json()
    assert Paper.objects.count() == 1
    assert PaperFile.objects.count() == 1
    assert len(_stored_files(settings)) == 1
    assert list(IdempotencyKey.objects.values_list("key", "status_code")) == [(KEY, 201)]


@pytest.mark.django_db
def test_without_a_key_each_post_acts(client_for, author, main_track):
    client = client_for(author)
    assert [_post(client, key=None).status_code for _ in range(2)] == [201, 201]
    assert sorted(Paper.objects.values_list("number", flat=True)) == [1, 2]
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_cut_after_the_commit_then_a_retry_stores_one_paper(
    client_for, author, main_track, settings, cut_on_paper_save
):
    client = client_for(author)
    cut_on_paper_save["after_commit"] = True
    first = _post(client)
    connection.close()
    retry = _post(client)

    # The first committed before the cut, so it says so; the retry answers that outcome, acting no more.
    assert first.status_code == 201
    assert (retry.status_code, retry["Idempotent-Replayed"]) == (201, "true")
    assert retry.json() == first.json()
    assert Paper.objects.count() == 1
    assert len(_stored_files(settings)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_cut_before_the_commit_saves_nothing_and_the_retry_saves_once(
    client_for, author, main_track, settings, cut_on_paper_save
):
    client = client_for(author)
    cut_on_paper_save["after_commit"] = False
    first = _post(client)
    connection.close()

    assert first.status_code == 503
    assert first.json() == {"error": "unavailable", "message": "The database is unavailable; nothing was saved."}
    assert (Paper.objects.count(), IdempotencyKey.objects.count(), _stored_files(settings)) == (0, 0, [])

    retry = _post(client)
    assert (retry.status_code, retry["Idempotent-Replayed"]) == (201, "false")
    assert Paper.objects.count() == 1
    assert len(_stored_files(settings)) == 1


@pytest.mark.django_db
def test_a_key_reused_for_another_request_is_refused(client_for, author, main_track):
    client = client_for(author)
    _post(client)
    other = _post(client, title="Another paper")

    assert other.status_code == 422
    assert other.json() == {
        "error": "idempotency_key_reused",
        "message": "This idempotency key was used for a different request.",
    }
    assert list(Paper.objects.values_list("title", flat=True)) == ["Sparse attention"]


@pytest.mark.django_db
def test_a_key_of_bad_length_is_refused(client_for, author, main_track):
    response = _post(client_for(author), key="k" * 256)

    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "message": "An idempotency key has 1 to 255 characters."}
    assert (Paper.objects.count(), IdempotencyKey.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_keys_are_per_user_and_anonymous_is_refused(client_for, author, stranger, main_track):
    anonymous = _post(client_for(None))
    assert anonymous.status_code == 403
    assert IdempotencyKey.objects.count() == 0
    first = _post(client_for(author))
    # Another user's request with the same key is their own: it acts, it is not the author's replayed.
    by_stranger = _post(client_for(stranger))

    assert first.status_code == 201
    assert (by_stranger.status_code, by_stranger["Idempotent-Replayed"]) == (201, "false")
    assert by_stranger.json()["number"] == 2
    assert sorted(IdempotencyKey.objects.values_list("user__email", flat=True)) == sorted(
        [author.email, stranger.email]
    )


@pytest.mark.django_db
def test_a_refusal_stores_no_key_and_the_corrected_retry_acts(client_for, author, main_track):
    client = client_for(author)
    refused = _post(client, track="nope")
    accepted = _post(client)

    assert refused.status_code == 400
    assert (accepted.status_code, accepted["Idempotent-Replayed"]) == (201, "false")
    assert Paper.objects.count() == 1


# The submission page: a hidden token per rendered form.

SUBMIT = "/author/sllm-2025/submit/"


def _token(page) -> str:
    match = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode())
    return match.group(1)


@pytest.mark.django_db
def test_each_rendered_form_carries_a_fresh_hidden_token(client_for, author, main_track):
    client = client_for(author)
    tokens = [_token(client.get(SUBMIT)) for _ in range(2)]

    assert len(tokens[0]) == 32
    assert tokens[0] != tokens[1]
    assert 'type="hidden" name="idempotency_key"' in client.get(SUBMIT).content.decode()


@pytest.mark.django_db
def test_a_resubmitted_form_submits_once(client_for, author, main_track, settings):
    client = client_for(author)
    token = _token(client.get(SUBMIT))
    answers = [client.post(SUBMIT, _form(track=main_track.pk, idempotency_key=token)) for _ in range(2)]

    assert [(a.status_code, a["Location"]) for a in answers] == [(302, "/author/sllm-2025/papers/")] * 2
    assert Paper.objects.count() == 1
    assert len(_stored_files(settings)) == 1
    # Both answers say what the first did (the two messages wait in the session, unread).
    messages = [str(m) for m in get_messages(answers[1].wsgi_request)]
    assert messages == ["Paper #1 was submitted."] * 2


@pytest.mark.django_db
def test_a_token_reused_for_another_form_is_refused_and_nothing_stored(client_for, author, main_track):
    client = client_for(author)
    token = _token(client.get(SUBMIT))
    client.post(SUBMIT, _form(track=main_track.pk, idempotency_key=token))
    other = client.post(SUBMIT, _form(track=main_track.pk, idempotency_key=token, title="Another"))

    assert other.status_code == 400
    assert "This idempotency key was used for a different request." in other.content.decode()
    assert list(Paper.objects.values_list("title", flat=True)) == ["Sparse MoE routing"]


@pytest.mark.django_db
def test_a_form_after_an_error_keeps_its_token_and_submits_once_corrected(client_for, author, main_track):
    client = client_for(author)
    token = _token(client.get(SUBMIT))
    refused = client.post(SUBMIT, _form(track=main_track.pk, idempotency_key=token, title=""))
    accepted = client.post(SUBMIT, _form(track=main_track.pk, idempotency_key=token))

    assert (refused.status_code, _token(refused)) == (400, token)
    assert accepted.status_code == 302
    assert Paper.objects.count() == 1
