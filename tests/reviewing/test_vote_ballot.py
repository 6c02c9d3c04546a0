"""The ballot: only non-conflicted papers, ranks with ties, changes until closing, bad input refused."""

import json

import pytest

from sllm.reviewing.models import Ballot, Conflict, Vote
from sllm.reviewing.votes import selectors, services
from tests.reviewing.test_votes_world import cast, make_world, open_orals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


BALLOT = "/votes/sllm-2025/orals/"
API = "/api/v1/editions/sllm-2025/votes/orals/ballot/"


def _snapshot():
    return list(Ballot.objects.order_by("pk").values_list("receipt", "ranking", "cannot_rank", "updated_at"))


def test_a_conflicted_paper_never_appears_on_the_ballot_page(world, client_for):
    open_orals(world)

    page = client_for(world.r2).get(BALLOT)

    assert page.status_code == 200
    assert [paper.number for paper, field in page.context["rows"]] == [2, 3, 4]
    assert b"Paper 1" not in page.content
    assert [p.number for p in selectors.ballot_papers(vote=page.context["vote"], user=world.r1)] == [
        1,
        2,
        3,
        4,
    ]


def test_the_api_ballot_lists_only_papers_the_voter_may_rank(world, client_for):
    open_orals(world)

    response = client_for(world.r2).get(API)

    assert response.status_code == 200
    assert response.json() == {
        "vote": "orals",
        "state": "open",
        "deadline": response.json()["deadline"],
        "papers": [{"number": n, "title": f"Paper {n}", "track": "main"} for n in (2, 3, 4)],
        "ranking": None,
        "receipt": None,
    }


def test_rank_numbers_make_tiers_same_number_ties_blank_leaves_unranked(world, client_for):
    open_orals(world)
    client = client_for(world.r1)

    response = client.post(BALLOT, {"rank_1": "2", "rank_2": "1", "rank_3": "2", "rank_4": ""})

    assert (response.status_code, response["Location"]) == (302, BALLOT)
    ballot = Ballot.objects.get()
    assert (ballot.ranking, ballot.cannot_rank) == ([[2], [1, 3]], [])
    assert len(ballot.receipt) == 14
    page = client.get(BALLOT)
    assert page.context["form"].initial == {"rank_2": 1, "rank_1": 2, "rank_3": 2}
    assert page.context["turnout"] == {"voters": 3, "ballots": 1, "percent": 33}


def test_voting_again_replaces_the_ballot_and_keeps_the_receipt(world, client_for):
    open_orals(world)
    client = client_for(world.r2)
    client.put(API, {"ranking": [2, [3, 4]]}, content_type="application/json")
    receipt = Ballot.objects.get().receipt

    response = client.put(API, {"ranking": [[4], 3]}, content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["ranking"], response.json()["receipt"]) == ([[4], [3]], receipt)
    assert list(Ballot.objects.values_list("receipt", "ranking", "cannot_rank")) == [(receipt, [[4], [3]], [1])]


def test_a_conflict_added_after_opening_hides_the_paper_at_once(world, client_for):
    open_orals(world)
    Conflict.objects.create(paper=world.papers[2], reviewer=world.r1)
    client = client_for(world.r1)

    page = client.get(BALLOT)
    refused = client.put(API, {"ranking": [2, 1]}, content_type="application/json")

    assert [paper.number for paper, _ in page.context["rows"]] == [1, 3, 4]
    assert (refused.status_code, refused.json()) == (
        400,
        {
            "error": "conflicted_candidate_ranked",
            "message": "You have a conflict with paper #2; it cannot be on your ballot.",
        },
    )
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("ranking", "status", "body"),
    [
        (
            [1, 2],
            400,
            {
                "error": "conflicted_candidate_ranked",
                "message": "You have a conflict with paper #1; it cannot be on your ballot.",
            },
        ),
        ([2, 5], 400, {"error": "unknown_candidate", "message": "Paper #5 is not on your ballot."}),
        ([2, 99], 400, {"error": "unknown_candidate", "message": "Paper #99 is not on your ballot."}),
        (
            [2, [3, 2]],
            400,
            {
                "error": "repeated_candidate",
                "message": "Paper #2 appears more than once; give each paper one rank.",
            },
        ),
        (
            [2, []],
            400,
            {
                "error": "malformed",
                "message": "The ranking must be a list of paper numbers or lists of tied paper numbers.",
            },
        ),
        ([2, "three"], 400, {"error": "unknown_candidate", "message": "Paper #three is not on your ballot."}),
        (
            {"2": 1},
            400,
            {
                "error": "invalid",
                "message": "Invalid input. ranking: Must be a list of paper numbers or lists of tied paper numbers.",
                "fields": {"ranking": ["Must be a list of paper numbers or lists of tied paper numbers."]},
            },
        ),
    ],
)
def test_bad_ballots_get_a_clear_4xx_and_change_nothing(world, client_for, ranking, status, body):
    open_orals(world)
    cast(world, world.r2, [4])
    before = _snapshot()

    response = client_for(world.r2).put(API, {"ranking": ranking}, content_type="application/json")

    assert (response.status_code, response.json()) == (status, body)
    assert _snapshot() == before


def test_the_form_refuses_a_crafted_rank_for_a_conflicted_paper(world, client_for):
    open_orals(world)

    response = client_for(world.r2).post(BALLOT, {"rank_2": "1", "rank_1": "1"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You have a conflict with paper #1; it cannot be on your ballot."
    ]
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"rank_2": "0"}, {"rank_2": ["Ensure this value is greater than or equal to 1."]}),
        ({"rank_2": "x"}, {"rank_2": ["Enter a whole number."]}),
        ({"rank_2": "1", "rank_x": "2"}, {"__all__": ["rank_x is not a paper's rank."]}),
    ],
)
def test_the_form_refuses_bad_rank_numbers(world, client_for, data, errors):
    open_orals(world)

    response = client_for(world.r2).post(BALLOT, data)

    assert (response.status_code, response.context["form"].errors) == (400, errors)
    assert Ballot.objects.count() == 0


def test_a_ballot_after_closing_is_refused_with_409(world, client_for):
    vote = open_orals(world)
    cast(world, world.r1, [1])
    services.vote_close(vote=vote, user=world.organizer)
    before = _snapshot()
    client = client_for(world.r1)

    api = client.put(API, {"ranking": [2]}, content_type="application/json")
    form = client.post(BALLOT, {"rank_2": "1"})

    assert (api.status_code, api.json()) == (
        409,
        {"error": "vote_closed", "message": "The vote has closed; your ballot was not recorded."},
    )
    assert form.status_code == 409
    assert form.context["form"].non_field_errors() == ["The vote has closed; your ballot was not recorded."]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("who", "get_status", "put_status"),
    [
        (None, 403, 403),
        ("author", 403, 403),
        ("r1", 200, 200),
        ("r2", 200, 200),
        ("mentor", 403, 403),
        ("organizer", 403, 403),
    ],
)
def test_ballot_api_permission_matrix(world, client_for, who, get_status, put_status):
    open_orals(world)
    client = client_for(getattr(world, who) if who else None)

    got = client.get(API)
    put = client.put(API, {"ranking": [3]}, content_type="application/json")

    assert (got.status_code, put.status_code) == (get_status, put_status)
    assert Ballot.objects.count() == (1 if put_status == 200 else 0)
    if who in {"author", "mentor", "organizer"}:
        assert put.json() == {
            "error": "not_eligible",
            "message": "You are not eligible to vote in this election.",
        }


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("author", 403), ("r1", 302), ("r2", 302), ("mentor", 403), ("organizer", 403)],
)
def test_ballot_page_permission_matrix(world, client_for, who, status):
    open_orals(world)
    client = client_for(getattr(world, who) if who else None)

    response = client.post(BALLOT, {"rank_3": "1"})

    assert response.status_code == status
    assert Ballot.objects.count() == (1 if who in {"r1", "r2"} else 0)


def test_no_ballot_page_before_the_vote_opens(world, client_for):
    response = client_for(world.r1).get(BALLOT)

    assert (response.status_code, Vote.objects.count()) == (404, 0)


def test_the_ballot_table_holds_no_trace_of_the_voter(world):
    open_orals(world)
    cast(world, world.r1, [2, 1])

    ballot = Ballot.objects.values().get()

    assert sorted(ballot) == [
        "cannot_rank",
        "created_at",
        "id",
        "key",
        "ranking",
        "receipt",
        "updated_at",
        "vote_id",
    ]
    assert str(world.r1.pk) not in json.dumps([ballot["key"], ballot["receipt"]])
