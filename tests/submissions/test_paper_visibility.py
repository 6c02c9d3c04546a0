"""Who sees which paper through the API: the public accepted ones, authors their own, organizers all."""

import pytest

from sllm.reviewing.models import Conflict
from sllm.submissions.selectors import paper_filter_public, paper_list_public
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/papers/"


@pytest.fixture
def papers(main_track, author):
    accepted = factories.PaperFactory(track=main_track, number=1, title="Accepted", status="accepted")
    mine = factories.PaperFactory(track=main_track, number=2, title="Mine under review", submitted_by=author)
    other = factories.PaperFactory(track=main_track, number=3, title="Other under review")
    factories.AuthorshipFactory(paper=accepted, position=1, name="Public Person")
    factories.AuthorshipFactory(paper=mine, position=1, name="Ada Author", user=author)
    factories.AuthorshipFactory(paper=other, position=1, name="Hidden Person")
    return accepted, mine, other


def _titles(response):
    assert response.status_code == 200
    return [p["title"] for p in response.json()["results"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["Accepted"]),
        ("stranger", ["Accepted"]),
        ("reviewer", ["Accepted"]),
        ("mentor", ["Accepted"]),
        ("author", ["Accepted", "Mine under review"]),
        ("organizer", ["Accepted", "Mine under review", "Other under review"]),
    ],
)
def test_paper_list_visibility_matrix(client_for, papers, request, who, expected):
    user = request.getfixturevalue(who) if who else None

    assert _titles(client_for(user).get(URL)) == expected


def test_a_reviewer_never_sees_authors_of_papers_under_review(client_for, papers, reviewer):
    accepted, mine, other = papers
    Conflict.objects.create(paper=other, reviewer=reviewer, label="Institutional")
    client = client_for(reviewer)

    assert client.get(f"{URL}{other.pk}/").status_code == 404
    assert client.get(f"{URL}{mine.pk}/").status_code == 404
    body = client.get(URL).content.decode()
    assert "Hidden Person" not in body and "Ada Author" not in body
    assert client.get(f"{URL}{accepted.pk}/").json()["authors"][0]["name"] == "Public Person"


def test_filters_and_search(client_for, main_track, tiny_track):
    factories.PaperFactory(
        track=main_track, number=1, title="Pruning at scale", status="accepted", topics=["Parameter Sparsity/Pruning"]
    )
    factories.PaperFactory(
        track=tiny_track,
        number=2,
        title="Tiny attention",
        status="accepted",
        topics=["Sparsity in Attention"],
        abstract="Sparse attention heads.",
    )
    client = client_for(None)

    assert _titles(client.get(URL, {"track": "tiny"})) == ["Tiny attention"]
    assert _titles(client.get(URL, {"topic": "Parameter Sparsity/Pruning"})) == ["Pruning at scale"]
    assert _titles(client.get(URL, {"search": "heads"})) == ["Tiny attention"]
    assert _titles(client.get(URL, {"edition": "nope"})) == []
    assert client.get(URL, {"track": "poster"}).status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_paper_list_queries_do_not_grow_with_papers(client_for, main_track, django_assert_num_queries, count):
    for number in range(1, count + 1):
        paper = factories.PaperFactory(track=main_track, number=number, status="accepted")
        factories.AuthorshipFactory(paper=paper, position=1)
    client = client_for(None)

    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.json()["count"] == count


def test_editions_and_tracks_are_public(client_for, main_track, tiny_track):
    client = client_for(None)

    editions = client.get("/api/v1/editions/").json()["results"]
    assert [(e["slug"], [t["kind"] for t in e["tracks"]]) for e in editions] == [("sllm-2025", ["main", "tiny"])]
    tracks = client.get("/api/v1/editions/sllm-2025/tracks/").json()
    assert [(t["kind"], t["page_limit"]) for t in tracks] == [("main", 5), ("tiny", 2)]
    assert client.get("/api/v1/editions/nope/tracks/").status_code == 404


def test_api_schema_and_docs_are_served(client_for, db):
    client = client_for(None)

    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/papers/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_token_for_scripts(client, author, main_track):
    token = client.post(
        "/api/v1/auth/token/", {"username": "author@example.org", "password": factories.PASSWORD}
    ).json()["token"]
    wrong = client.post("/api/v1/auth/token/", {"username": "author@example.org", "password": "nope"})

    assert wrong.status_code == 400
    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_the_public_filter_keeps_one_row_a_paper_and_nothing_of_a_private_edition(main_track, tiny_track):
    two_matching_authors = factories.PaperFactory(track=main_track, number=1, title="Pruning", status="accepted")
    for position in (1, 2):
        factories.AuthorshipFactory(paper=two_matching_authors, position=position, name=f"Ada Sparse {position}")
    factories.PaperFactory(track=tiny_track, number=2, title="Sparse heads", status="accepted")
    factories.PaperFactory(track=main_track, number=3, title="Sparse but rejected", status="rejected")
    edition = main_track.edition

    def numbers(**filters):
        return [p.number for p in paper_list_public(**filters)]

    assert numbers(edition=edition, query="sparse") == [1, 2]
    assert numbers(query="sparse", track_kind="tiny") == [2]
    assert paper_filter_public(edition=edition, query="sparse").count() == 2
    edition.is_public = False
    edition.save()
    assert (numbers(edition=edition), numbers(query="sparse")) == ([], [])
