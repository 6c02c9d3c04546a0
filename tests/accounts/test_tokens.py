"""API tokens: organizers see and revoke the edition's, everyone revokes their own."""

import pytest
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(author, reviewer, stranger):
    return {user.email: Token.objects.create(user=user) for user in (author, reviewer, stranger)}


def keys() -> list[str]:
    return sorted(Token.objects.values_list("user__email", flat=True))


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 200)])
def test_token_list_permissions(request, client_for, organizer, tokens, who, status):
    client = client_for(request.getfixturevalue(who) if who else None)

    page = client.get("/organize/sllm-2025/tokens/")

    assert page.status_code == status
    if status == 200:
        # Only people of the edition; the stranger's token is not the organizers' business.
        assert [t.user.email for t in page.context["tokens"]] == ["reviewer@example.org", "author@example.org"]
        assert tokens["author@example.org"].key not in page.content.decode()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 302)])
def test_token_revoke_permissions(request, client_for, organizer, author, tokens, who, status):
    client = client_for(request.getfixturevalue(who) if who else None)

    response = client.post(f"/organize/sllm-2025/tokens/{author.pk}/revoke/")

    assert response.status_code == status
    expected = ["reviewer@example.org", "stranger@example.org"] if status == 302 and who else sorted(tokens)
    assert keys() == expected


def test_organizer_cannot_revoke_a_token_outside_the_edition(client_for, organizer, stranger, tokens):
    response = client_for(organizer).post(f"/organize/sllm-2025/tokens/{stranger.pk}/revoke/")

    assert response.status_code == 404
    assert keys() == sorted(tokens)


def test_a_user_revokes_their_own_token_and_the_api_refuses_it(client_for, author, tokens):
    key = tokens["author@example.org"].key
    client = client_for(author)
    assert client.get("/account/token/").status_code == 200

    response = client.post("/account/token/revoke/")

    assert (response.status_code, response["Location"]) == (302, "/account/token/")
    assert keys() == ["reviewer@example.org", "stranger@example.org"]
    client.logout()
    refused = client.get("/api/v1/papers/", HTTP_AUTHORIZATION=f"Token {key}")
    assert (refused.status_code, refused.json()) == (403, {"detail": "Invalid token."})


def test_anonymous_cannot_revoke(client, tokens):
    assert client.post("/account/token/revoke/").status_code == 302
    assert keys() == sorted(tokens)


@pytest.mark.parametrize("n", [1, 3])
def test_token_list_queries_do_not_grow_with_tokens(client_for, organizer, edition, n, django_assert_num_queries):
    for i in range(n):
        user = factories.UserFactory(email=f"t{i}@example.org")
        factories.grant(user, edition, "reviewer")
        Token.objects.create(user=user)
    client = client_for(organizer)

    with django_assert_num_queries(5):
        page = client.get("/organize/sllm-2025/tokens/")

    assert len(page.context["tokens"]) == n
