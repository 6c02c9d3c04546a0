"""Published ballots single out nobody, yet recompute the result; authorship is a conflict on every ballot.

The attack: an insider knows which papers a colleague has conflicts with (co-authors, same institution).
Before this, every published ballot carried its `cannot_rank`, so the ballot whose conflicts matched the
colleague's was theirs, ranking and all (in the demo, most voters had a pattern of their own). Now a
pattern is published per ballot only when at least 3 ballots share it; the rest is an aggregate.
"""

import json
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.accounts.models import User
from sllm.core.errors import ApplicationError
from sllm.reviewing.models import Vote
from sllm.reviewing.tally import TallyInputError, parse_election
from sllm.reviewing.tally.anonymity import K_ANONYMITY, anonymous_ballots
from sllm.reviewing.tally.schulze import tally, tally_document
from sllm.reviewing.votes import selectors, services
from sllm.submissions.models import Authorship
from tests.reviewing.test_tally_properties import elections
from tests.reviewing.test_votes_world import cast, make_world, open_orals


def _as_document(vote, **extra) -> dict:
    return {
        "id": "e",
        "candidates": list(vote.candidates),
        "ballots": [
            {"voter": b.voter, "ranking": [list(tier) for tier in b.ranking], "cannot_rank": sorted(b.cannot_rank)}
            for b in vote.ballots
        ],
        **extra,
    }


def _published(document: dict) -> dict:
    ballots, withheld = anonymous_ballots(document["ballots"], candidates=document["candidates"])
    return {**document, "ballots": ballots, "withheld_conflicts": withheld}


def assert_singles_out_nobody(ballots: list[dict]) -> None:
    """Every conflict pattern on a ballot, and the group of ballots without one, holds at least k ballots."""
    shown = Counter(json.dumps(b["cannot_rank"]) for b in ballots if "cannot_rank" in b)
    withheld = sum("cannot_rank" not in b for b in ballots)
    assert all(count >= K_ANONYMITY for count in shown.values()), shown
    assert withheld == 0 or withheld >= K_ANONYMITY or withheld == len(ballots), (withheld, len(ballots))
    assert all(set(b) <= {"voter", "ranking", "cannot_rank"} for b in ballots)


# --- The pure rule -------------------------------------------------------------------------------------


def _ballot(voter, ranking, cannot_rank):
    return {"voter": voter, "ranking": ranking, "cannot_rank": cannot_rank}


def test_patterns_of_three_are_shown_the_rest_go_into_the_aggregate():
    ballots = [
        _ballot("A", [2, 3], [1]),
        _ballot("B", [3], [1]),
        _ballot("C", [], [1]),
        _ballot("D", [1, [3, 4]], [2]),  # a pattern of its own
        _ballot("E", [4], []),
        _ballot("F", [1], []),
    ]

    published, withheld = anonymous_ballots(ballots, candidates=[1, 2, 3, 4])

    assert published == [
        _ballot("A", [2, 3], [1]),
        _ballot("B", [3], [1]),
        _ballot("C", [], [1]),
        {"voter": "D", "ranking": [1, [3, 4]]},
        {"voter": "E", "ranking": [4]},
        {"voter": "F", "ranking": [1]},
    ]
    assert withheld == {"1": {"2": 1}, "3": {"2": 1}, "4": {"2": 1}}


def test_a_withheld_group_too_small_takes_the_smallest_shown_pattern_with_it():
    ballots = [_ballot(v, [2], [1]) for v in "ABC"] + [_ballot("D", [1], [2])]

    published, withheld = anonymous_ballots(ballots, candidates=[1, 2])

    # D alone without a pattern would stand out as "not one of the three": nobody's pattern is shown.
    assert published == [{"voter": v, "ranking": [r]} for v, r in zip("ABCD", [2, 2, 2, 1], strict=True)]
    assert withheld == {"1": {"2": 1}, "2": {"1": 3}}


def test_the_fingerprint_attack_finds_nothing_on_the_shared_world_example():
    # r2 alone has a conflict with #1: looking for the ballot that cannot rank exactly [1] found theirs.
    ballots = [_ballot("R1", [3, [1, 2], 4], []), _ballot("R2", [3, 2], [1]), _ballot("R3", [[3, 4], 1], [])]

    published, _ = anonymous_ballots(ballots, candidates=[1, 2, 3, 4])

    assert [b["voter"] for b in published if b.get("cannot_rank") == [1]] == []
    assert_singles_out_nobody(published)


@settings(max_examples=300, deadline=None)
@given(elections(max_voters=15))
def test_random_votes_recompute_exactly_and_single_out_nobody(vote):
    document = _as_document(vote)

    published = _published(document)

    expected = tally(parse_election(document))
    assert tally(parse_election(published)).as_json() == expected.as_json()
    assert_singles_out_nobody(published["ballots"])
    assert [b["voter"] for b in published["ballots"]] == [b["voter"] for b in document["ballots"]]
    assert [b["ranking"] for b in published["ballots"]] == [b["ranking"] for b in document["ballots"]]


@settings(max_examples=100, deadline=None)
@given(elections(max_voters=15), st.integers(min_value=0, max_value=10_000))
def test_the_published_document_does_not_depend_on_the_order_of_equal_patterns(vote, seed):
    document = _as_document(vote)
    shuffled = dict(document, ballots=random.Random(seed).sample(document["ballots"], len(document["ballots"])))

    published = _published(document)
    again = _published(shuffled)

    assert sorted(map(json.dumps, published["ballots"])) == sorted(map(json.dumps, again["ballots"]))
    assert published["withheld_conflicts"] == again["withheld_conflicts"]


# --- The tally's input format ----------------------------------------------------------------------------


def test_the_old_input_format_still_tallies_the_same():
    document = {
        "id": "e",
        "candidates": [1, 2, 3],
        "ballots": [_ballot("A", [1, 2], []), _ballot("B", [2, 1], [3]), {"voter": "C", "ranking": [3]}],
    }

    output, warnings = tally_document(document, seats=1)

    # B cannot see #3 and C has no cannot_rank at all: every pair is one vote each way.
    assert json.loads(json.dumps(output)) == {
        "e": {
            "ranking": [[1, 2, 3]],
            "pairwise": {"1": {"2": 1, "3": 1}, "2": {"1": 1, "3": 1}, "3": {"1": 1, "2": 1}},
            "winners": [],
        }
    }
    assert [w["tied"] for w in warnings] == [[1, 2, 3]]


@pytest.mark.parametrize(
    ("withheld", "problem", "message"),
    [
        ([], "malformed", "Election e, withheld_conflicts: must be an object of objects of counts."),
        ({"9": {"1": 1}}, "unknown_candidate", "Election e, withheld_conflicts: '9' is not a candidate."),
        ({"1": {"1": 1}}, "unknown_candidate", "Election e, withheld_conflicts: '1' is not another candidate."),
        ({"1": 2}, "malformed", "Election e, withheld_conflicts: the entry of '1' must be an object of counts."),
        (
            {"1": {"2": 0}},
            "malformed",
            "Election e, withheld_conflicts: the count for (1, 2) must be a positive integer.",
        ),
        (
            {"1": {"2": True}},
            "malformed",
            "Election e, withheld_conflicts: the count for (1, 2) must be a positive integer.",
        ),
        (
            {"1": {"2": 2}},
            "withheld_exceeds_ballots",
            "Election e: withheld_conflicts takes 2 off (1, 2), but only 1 ballots rank 1 above 2.",
        ),
    ],
)
def test_bad_withheld_conflicts_are_refused_by_name(withheld, problem, message):
    document = {"id": "e", "candidates": [1, 2], "ballots": [_ballot("A", [1], [])], "withheld_conflicts": withheld}

    with pytest.raises(TallyInputError) as refusal:
        tally_document(document)

    assert (refusal.value.problem, refusal.value.message) == (problem, message)


def test_the_tally_command_reads_the_published_format(tmp_path):
    document = _published(
        {
            "id": "e",
            "candidates": [1, 2, 3],
            "ballots": [_ballot("A", [1, 2], []), _ballot("B", [2, 3], [1]), _ballot("C", [3], [])],
        }
    )
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(document))
    out = StringIO()

    call_command("tally", str(path), "--seats", "1", stdout=out)

    assert json.loads(out.getvalue()) == {
        "e": {
            "ranking": [[1], [2], [3]],
            "pairwise": {"1": {"2": 1, "3": 1}, "2": {"1": 0, "3": 2}, "3": {"1": 1, "2": 1}},
            "winners": [1],
        }
    }
    assert document["withheld_conflicts"] == {"2": {"1": 1}, "3": {"1": 1}}


# --- Authorship is a conflict ----------------------------------------------------------------------------


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


@pytest.mark.django_db
def test_an_author_never_sees_their_own_paper_on_the_ballot(world):
    # r3 co-wrote #2 under another address-less entry (linked account) and #4 by email only; no Conflict row.
    Authorship.objects.create(paper=world.papers[2], position=1, name="Third Reviewer", user=world.r3)
    Authorship.objects.create(paper=world.papers[4], position=1, name="Third Reviewer", email="R3@example.org")
    vote = open_orals(world)

    assert [p.number for p in selectors.ballot_papers(vote=vote, user=world.r3)] == [1, 3]
    with pytest.raises(ApplicationError) as refusal:
        services.ballot_cast(vote=vote, user=world.r3, ranking=[2, 1])
    assert refusal.value.code == "conflicted_candidate_ranked"
    assert vote.ballots.count() == 0
    cast(world, world.r3, [3, 1])
    assert list(vote.ballots.values_list("cannot_rank", flat=True)) == [[2, 4]]


@pytest.mark.django_db
def test_an_author_of_every_candidate_is_no_voter(world):
    for number in (1, 2, 3, 4):
        Authorship.objects.create(paper=world.papers[number], position=1, name="R1", user=world.r1)

    vote = open_orals(world)

    assert sorted(vote.voters.values_list("user__email", flat=True)) == ["conflicted@example.org", "r3@example.org"]


# --- The demo edition -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_vote_publishes_no_fingerprint_and_recomputes():
    call_command("load_demo")
    organizer = User.objects.get(email="organizer@sllm.example.org")
    edition = organizer.roles.get(kind="organizer").edition
    # The demo runs its oral vote (open, 18 ballots, close, tally): its published file is the one checked.
    vote = Vote.objects.get(edition=edition, kind=Vote.Kind.ORALS)
    patterns = Counter(
        frozenset(selectors.conflicted_paper_numbers(vote=vote, user=voter.user))
        for voter in vote.voters.select_related("user")
    )
    document = selectors.vote_export(vote=vote)

    # The demo has voters with a conflict pattern of their own: what made the old file a fingerprint.
    assert min(patterns.values()) < K_ANONYMITY
    assert_singles_out_nobody(document["ballots"])
    recomputed = tally(parse_election(json.loads(json.dumps(document)))).as_json()
    assert {k: vote.result[k] for k in ("ranking", "pairwise", "winners")} == json.loads(json.dumps(recomputed))
