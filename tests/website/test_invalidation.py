"""Services of other apps that change a public page bump the edition's site version after commit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.proceedings import services as proceedings
from sllm.reviewing.votes import services as votes
from sllm.website.caching import pages
from tests import factories
from tests.proceedings.conftest import accepted, ready  # noqa: F401 -- fixtures shared with the proceedings tests
from tests.reviewing.test_votes_world import cast, close, committed, make_world, open_orals

pytestmark = pytest.mark.django_db

PAPER_ROW = re.compile(
    r'<a class="paper-title" href="[^"]*">([^<]*)</a>\s*<p class="authors">[^<]*</p>\s*'
    r'(?:<span class="badge">([^<]*)</span>)?'
)


@pytest.fixture(autouse=True)
def _no_local_pages():
    pages.clear_local()


def fetch(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def cached(client, url) -> str:
    """The page as anonymous visitors get it once it is in the cache (asserted: no query)."""
    fetch(client, url)
    body, queries = fetch(client, url)
    assert queries == 0
    return body


@pytest.fixture
def voted(edition, main_track, organizer, author, reviewer, mentor):
    world = make_world(edition, main_track, organizer, author, reviewer, mentor)
    world.vote = open_orals(world)
    cast(world, world.r1, [3, [1, 2], 4])
    cast(world, world.r2, [3, 2])
    cast(world, world.r3, [[3, 4], 1])
    return world


def test_the_oral_vote_tally_refreshes_the_paper_list(client, voted):
    url = reverse("website:papers", args=[voted.edition.slug])
    before = PAPER_ROW.findall(cached(client, url))

    close(voted.vote, voted.organizer)

    assert before == [(f"Paper {n}", "") for n in range(1, 6)]
    assert PAPER_ROW.findall(fetch(client, url)[0]) == [
        ("Paper 1", "Oral"),
        ("Paper 2", "Oral"),
        ("Paper 3", "Oral"),
        ("Paper 4", "Oral"),
        ("Paper 5", ""),
    ]


def test_an_organizers_decision_over_the_result_refreshes_the_paper_list(client, voted):
    close(voted.vote, voted.organizer)
    url = reverse("website:papers", args=[voted.edition.slug])
    cached(client, url)

    with committed():
        votes.vote_decide(vote=voted.vote, user=voted.organizer, papers=[3], reason="Two slots only.")

    # The candidates the decision passes over are accepted papers: they become posters (paper 5 was no candidate).
    assert PAPER_ROW.findall(fetch(client, url)[0]) == [
        ("Paper 1", "Poster"),
        ("Paper 2", "Poster"),
        ("Paper 3", "Oral"),
        ("Paper 4", "Poster"),
        ("Paper 5", ""),
    ]


def proceedings_pages(body: str) -> list[str]:
    return re.findall(r"<p>Pages (\d+–\d+) of the <a", body)


def test_publishing_the_proceedings_refreshes_the_paper_pages(client, edition, ready, organizer):  # noqa: F811 -- `ready` is the shared fixture imported above
    settings = {
        "title": "Proceedings of SLLM 2025",
        "editors": "Ada Lovelace",
        "preface": "",
        "publication_terms": "Terms.",
        "page_size": "Letter",
    }
    proceedings.volume_settings_save(edition=edition, is_published=False, **settings)
    build = proceedings.build_run(
        build_id=proceedings.build_start(edition=edition, user=organizer, skip_problems=False).pk
    )
    url = reverse("website:paper", args=[edition.slug, 2])
    before = proceedings_pages(cached(client, url))

    with committed():
        proceedings.volume_settings_save(edition=edition, is_published=True, **settings)

    assert (build.status, before, proceedings_pages(fetch(client, url)[0])) == ("succeeded", [], ["12–14"])


def test_the_award_result_refreshes_the_awards_page_and_the_paper_page_names_it_once(
    client, edition, main_track, organizer, author, reviewer, mentor
):
    world = make_world(edition, main_track, organizer, author, reviewer, mentor)
    for number in (1, 2):
        factories.AuthorshipFactory(paper=world.papers[number], position=1, is_student=True)
    committee = factories.UserFactory(email="c1@example.org", full_name="Committee One")
    votes.award_committee_add(edition=edition, email=committee.email)
    for number in (1, 2):
        votes.award_nomination_set(edition=edition, user=committee, number=number, nominated=True)
    vote = votes.vote_open(edition=edition, kind="student_award", user=organizer)
    votes.ballot_cast(vote=vote, user=committee, ranking=[2, 1])
    awards_url = reverse("website:awards", args=[edition.slug])
    before = cached(client, awards_url)

    close(vote, organizer)

    paper_page = fetch(client, reverse("website:paper", args=[edition.slug, 2]))[0]
    winners = re.compile(r'<p class="badge award">([^<]*)</p><h2><a href="[^"]*">([^<]*)</a></h2>')
    assert (winners.findall(before), winners.findall(fetch(client, awards_url)[0])) == (
        [],
        [("Best Student Paper", "Paper 2")],
    )
    # Named once, by the votes' section: the page has no award list of its own any more.
    assert (re.findall(r'<span class="award">([^<]*)</span>', paper_page), paper_page.count("Best Student Paper")) == (
        ["Best Student Paper"],
        1,
    )
