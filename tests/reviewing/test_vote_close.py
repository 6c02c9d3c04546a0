"""Closing, the tally job, its digest and reruns, the decisions and the published anonymised ballots."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from sllm.reviewing.models import Ballot, Conflict, Vote
from sllm.reviewing.tally import schulze
from sllm.reviewing.votes import selectors, services
from sllm.submissions.models import Paper
from tasks.votes import close_due_votes, tally_vote
from tests.reviewing.test_votes_world import cast, close, committed, make_world, open_orals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


def _voted(world) -> Vote:
    vote = open_orals(world)
    cast(world, world.r1, [3, [1, 2], 4])
    cast(world, world.r2, [3, 2])  # r2 cannot see #1; #4 left unranked
    cast(world, world.r3, [[3, 4], 1])  # #2 left unranked
    return vote


def _presentations(world) -> dict:
    return dict(Paper.objects.filter(edition=world.edition).values_list("number", "presentation"))


def test_closing_tallies_stores_the_result_with_the_digest_and_makes_the_winners_orals(world):
    vote = _voted(world)

    close(vote, world.organizer)

    vote.refresh_from_db()
    assert vote.state == "closed"
    assert vote.result == {
        "ranking": [[3], [1], [2], [4]],
        "pairwise": {
            "1": {"2": 1, "3": 0, "4": 1},
            "2": {"1": 0, "3": 0, "4": 2},
            "3": {"1": 2, "2": 3, "4": 2},
            "4": {"1": 1, "2": 1, "3": 0},
        },
        "winners": [3, 1, 2, 4],
        "tied_at_cut": [],
        "seats_left": 0,
    }
    assert vote.ballots_digest == selectors.export_digest(selectors.vote_export(vote=vote))
    assert _presentations(world) == {1: "oral", 2: "oral", 3: "oral", 4: "oral", 5: ""}
    assert [(e.action, e.actor) for e in vote.events.all()] == [
        ("opened", None),
        ("closed", world.organizer),
        ("tallied", None),
        ("decided", None),
    ]


def test_the_stored_result_is_what_manage_py_tally_prints_for_the_exported_ballots(world, tmp_path):
    vote = _voted(world)
    close(vote, world.organizer)
    vote.refresh_from_db()
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(selectors.vote_export(vote=vote)))
    out = io.StringIO()

    call_command("tally", str(path), stdout=out)

    printed = json.loads(out.getvalue())
    assert printed == {"sllm-2025-orals": {key: vote.result[key] for key in ("ranking", "pairwise", "winners")}}


def test_a_tie_straddling_the_seats_is_shown_to_the_organizers_who_decide_it(world, client_for):
    Conflict.objects.filter(paper=world.papers[5]).delete()  # #5's nomination now counts: five candidates
    vote = open_orals(world)
    cast(world, world.r1, [1, 2, 3])  # #4 and #5 tie below, for the one seat left

    close(vote, world.organizer)

    assert (vote.result["ranking"], vote.result["winners"]) == ([[1], [2], [3], [4, 5]], [1, 2, 3])
    assert (vote.result["tied_at_cut"], vote.result["seats_left"]) == ([4, 5], 1)
    # Until the organizers break the tie, both stay posters: an accepted paper is always one or the other.
    assert _presentations(world) == {1: "oral", 2: "oral", 3: "oral", 4: "poster", 5: "poster"}
    client = client_for(world.organizer)
    page = client.get("/organize/sllm-2025/votes/")
    assert [p.number for p in page.context["orals"]["tied"]] == [4, 5]
    assert b"tie for the last 1 seat." in page.content

    client.post(
        "/organize/sllm-2025/votes/orals/decide/",
        {"orals-papers": ["1", "2", "3", "5"], "orals-reason": "#5 fits the afternoon session's theme."},
    )

    assert _presentations(world) == {1: "oral", 2: "oral", 3: "oral", 4: "poster", 5: "oral"}


def test_closing_is_idempotent_and_a_rerun_gives_the_same_answer(world, client_for):
    vote = _voted(world)
    client = client_for(world.organizer)
    with committed():
        client.post("/organize/sllm-2025/votes/orals/close/")
    vote.refresh_from_db()
    stored = (vote.result, vote.ballots_digest, vote.tallied_at, vote.events.count())

    again = client.post("/organize/sllm-2025/votes/orals/close/")
    tally_vote.delay(vote.pk)

    vote.refresh_from_db()
    assert again.status_code == 302
    assert (vote.result, vote.ballots_digest, vote.tallied_at, vote.events.count()) == stored


def test_a_worker_dying_mid_tally_leaves_a_state_from_which_the_tally_reruns(world, monkeypatch):
    vote = _voted(world)

    def dies(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(schulze, "tally", dies)
    with pytest.raises(SystemExit):
        close(vote, world.organizer)
    vote.refresh_from_db()
    assert (vote.state, vote.result, vote.ballots_digest) == ("tallying", None, "")
    assert list(vote.events.values_list("action", flat=True)) == ["opened", "closed"]
    assert _presentations(world)[3] == ""

    monkeypatch.undo()
    with committed():
        assert close_due_votes.delay().get() == [vote.pk]

    vote.refresh_from_db()
    assert (vote.state, vote.result["ranking"]) == ("closed", [[3], [1], [2], [4]])
    assert list(vote.events.values_list("action", flat=True)) == [
        "opened",
        "closed",
        "tallied",
        "decided",
    ]


def test_the_job_closes_votes_past_their_deadline(world):
    vote = _voted(world)
    Vote.objects.filter(pk=vote.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))

    with committed():
        assert close_due_votes.delay().get() == [vote.pk]

    vote.refresh_from_db()
    assert (vote.state, vote.closed_by) == ("closed", None)
    assert close_due_votes.delay().get() == []


def test_the_job_leaves_open_votes_before_their_deadline(world):
    vote = _voted(world)

    assert close_due_votes.delay().get() == []
    vote.refresh_from_db()
    assert vote.state == "open"


def test_an_organizer_overrides_the_decision_with_a_logged_reason(world, client_for):
    vote = _voted(world)
    close(vote, world.organizer)

    response = client_for(world.organizer).post(
        "/organize/sllm-2025/votes/orals/decide/",
        {"orals-papers": ["3", "1"], "orals-reason": "#2 and #4 withdrew from presenting in person."},
    )

    assert response.status_code == 302
    # #5 was no candidate (its nominator had a conflict): the vote leaves it alone.
    assert _presentations(world) == {1: "oral", 2: "poster", 3: "oral", 4: "poster", 5: ""}
    event = selectors.vote_decision(vote=vote)
    assert (event.action, event.actor, event.reason, event.data) == (
        "overridden",
        world.organizer,
        "#2 and #4 withdrew from presenting in person.",
        {"papers": [1, 3]},
    )


def test_candidates_passed_over_become_posters_unless_no_longer_accepted(world, client_for):
    vote = _voted(world)
    Paper.objects.filter(edition=world.edition, number=4).update(presentation=Paper.Presentation.ORAL)
    close(vote, world.organizer)
    Paper.objects.filter(edition=world.edition, number=2).update(status=Paper.Status.WITHDRAWN)

    response = client_for(world.organizer).post(
        "/organize/sllm-2025/votes/orals/decide/",
        {"orals-papers": ["3"], "orals-reason": "One oral slot only."},
    )

    assert response.status_code == 302
    assert _presentations(world) == {1: "poster", 2: "", 3: "oral", 4: "poster", 5: ""}
    assert list(
        Paper.objects.filter(edition=world.edition, status=Paper.Status.ACCEPTED, presentation="").values_list(
            "number", flat=True
        )
    ) == [5]


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"orals-papers": ["3"], "orals-reason": ""}, 400, "This field is required."),
        (
            {"orals-papers": ["5"], "orals-reason": "why not"},
            400,
            "Select a valid choice. 5 is not one of the available choices.",
        ),
        ({"orals-reason": "none at all"}, 400, "This field is required."),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(world, client_for, data, status, message):
    vote = _voted(world)
    close(vote, world.organizer)
    before = (_presentations(world), vote.events.count())

    response = client_for(world.organizer).post("/organize/sllm-2025/votes/orals/decide/", data)

    assert (response.status_code, response.context["error"].message) == (status, message)
    assert (_presentations(world), vote.events.count()) == before


def test_the_decide_service_refuses_before_closing_and_unknown_papers(world):
    vote = _voted(world)

    with pytest.raises(services.Conflict) as early:
        services.vote_decide(vote=vote, user=world.organizer, papers=[1], reason="r")
    close(vote, world.organizer)
    with pytest.raises(services.ApplicationError) as unknown:
        services.vote_decide(vote=vote, user=world.organizer, papers=[1, 5], reason="r")
    with pytest.raises(services.ApplicationError) as repeated:
        services.vote_decide(vote=vote, user=world.organizer, papers=[1, 1], reason="r")

    assert [e.value.message for e in (early, unknown, repeated)] == [
        "Decide once the vote has closed and been tallied.",
        "Paper #5 was not a candidate in this vote.",
        "Name each paper once.",
    ]


@pytest.mark.parametrize(
    ("who", "close_status", "decide_status"),
    [(None, 302, 302), ("author", 403, 403), ("r1", 403, 403), ("r2", 403, 403), ("mentor", 403, 403)],
)
def test_only_organizers_close_and_decide(world, client_for, who, close_status, decide_status):
    vote = _voted(world)
    client = client_for(getattr(world, who) if who else None)

    closed = client.post("/organize/sllm-2025/votes/orals/close/")
    decided = client.post("/organize/sllm-2025/votes/orals/decide/", {"orals-papers": ["1"], "orals-reason": "x"})

    vote.refresh_from_db()
    assert (closed.status_code, decided.status_code, vote.state) == (close_status, decide_status, "open")
    assert vote.events.count() == 1


def test_the_close_api_for_organizers(world, client_for):
    vote = _voted(world)

    refused = client_for(world.r1).post("/api/v1/editions/sllm-2025/votes/orals/close/")
    with committed():
        response = client_for(world.organizer).post("/api/v1/editions/sllm-2025/votes/orals/close/")

    assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
    # The answer comes when the vote is closed; the tally job stores the result right after.
    assert (response.status_code, response.json()["state"], response.json()["turnout"]) == (
        200,
        "tallying",
        {"voters": 3, "ballots": 3, "percent": 100},
    )
    vote.refresh_from_db()
    assert (vote.state, vote.result["winners"]) == ("closed", [3, 1, 2, 4])


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 403), ("author", 403), ("r1", 403), ("r2", 403), ("mentor", 403), ("organizer", 200)],
)
def test_vote_api_shows_turnout_while_open_to_organizers_only(world, client_for, who, status):
    _voted(world)

    response = client_for(getattr(world, who) if who else None).get("/api/v1/editions/sllm-2025/votes/orals/")

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["state"], body["turnout"], body["result"], body["ballots_digest"]) == (
            "open",
            {"voters": 3, "ballots": 3, "percent": 100},
            None,
            None,
        )


def test_published_ballots_are_shuffled_by_receipt_and_carry_no_names(world, client_for):
    vote = _voted(world)
    close(vote, world.organizer)
    receipts = sorted(Ballot.objects.values_list("receipt", flat=True))

    response = client_for(world.r2).get("/api/v1/editions/sllm-2025/votes/orals/ballots/")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["seats"], body["candidates"]) == ("sllm-2025-orals", 4, [1, 2, 3, 4])
    assert [b["voter"] for b in body["ballots"]] == receipts
    # r2's conflict with #1 is theirs alone and two ballots have none: no pattern is held by 3 ballots,
    # so none is published per ballot; the aggregate says one ballot ranked #2 and #3 without seeing #1.
    assert sorted(json.dumps(b) for b in body["ballots"]) == sorted(
        json.dumps({"voter": receipt, "ranking": ranking})
        for receipt, ranking in zip(
            [selectors.ballot_of(vote=vote, user=u).receipt for u in (world.r1, world.r2, world.r3)],
            [[3, [1, 2], 4], [3, 2], [[3, 4], 1]],
            strict=True,
        )
    )
    assert body["withheld_conflicts"] == {"2": {"1": 1}, "3": {"1": 1}}
    assert "example.org" not in json.dumps(body)


@pytest.mark.parametrize(
    ("who", "before_close", "after_close"),
    [
        (None, 302, 302),
        ("author", 403, 403),
        ("r1", 403, 200),
        ("r2", 403, 200),
        ("mentor", 403, 403),
        ("organizer", 403, 200),
    ],
)
def test_published_ballots_permission_matrix(world, client_for, who, before_close, after_close):
    vote = _voted(world)
    client = client_for(getattr(world, who) if who else None)

    before = client.get("/votes/sllm-2025/orals/ballots.json")
    close(vote, world.organizer)
    after = client.get("/votes/sllm-2025/orals/ballots.json")

    assert (before.status_code, after.status_code) == (before_close, after_close)
    if after_close == 200:
        assert json.loads(after.content) == selectors.vote_export(vote=vote)
        assert after["Content-Disposition"] == 'attachment; filename="ballots-sllm-2025-orals.json"'


def test_a_voter_finds_their_own_ballot_among_the_published_ones(world, client_for):
    vote = _voted(world)
    close(vote, world.organizer)
    own = selectors.ballot_of(vote=vote, user=world.r2).receipt

    page = client_for(world.r2).get("/votes/sllm-2025/orals/ballots/")

    assert page.status_code == 200
    assert page.context["own_receipt"] == own
    assert [row["tiers"] for row in page.context["rows"] if row["receipt"] == own] == [["#3", "#2"]]
    assert page.context["result_tiers"] == ["#3", "#1", "#2", "#4"]


@pytest.mark.parametrize("ballots", [1, 3])
def test_the_published_ballots_page_runs_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, ballots
):
    vote = open_orals(world)
    for person in [world.r1, world.r2, world.r3][:ballots]:
        cast(world, person, [3])
    close(vote, world.organizer)
    client = client_for(world.organizer)

    with django_assert_num_queries(10):
        client.get("/votes/sllm-2025/orals/ballots/")
