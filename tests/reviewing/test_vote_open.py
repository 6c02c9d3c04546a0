"""Opening the oral vote: by itself once every review is in, or early by an organizer with a reason."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.mail.models import OutboxMessage
from sllm.reviewing.models import Review, Vote, Voter
from tasks.votes import open_ready_votes
from tests.reviewing.test_votes_world import make_world, open_orals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


def test_the_job_opens_the_vote_once_every_active_paper_has_three_reviews(world):
    opened = open_ready_votes.delay().get()

    vote = Vote.objects.get()
    assert opened == [vote.pk]
    assert (vote.kind, vote.state, vote.seats, vote.opened_by, vote.open_reason) == (
        "orals",
        "open",
        4,
        None,
        "",
    )
    assert [c.paper.number for c in vote.candidates.order_by("paper__number")] == [1, 2, 3, 4]
    assert sorted(v.user.email for v in Voter.objects.filter(vote=vote)) == [
        "conflicted@example.org",
        "r3@example.org",
        "reviewer@example.org",
    ]
    assert [(e.action, e.actor, e.reason, e.data) for e in vote.events.all()] == [
        ("opened", None, "", {"early": False, "candidates": [1, 2, 3, 4], "voters": 3})
    ]


def test_each_voter_is_mailed_and_no_mail_says_how_many_papers_they_may_rank(world):
    # The outbox is open to every organizer: a count per voter would tell them who has which conflicts.
    open_ready_votes.delay()

    mails = {m.to: m for m in OutboxMessage.objects.filter(template="vote_open")}
    assert sorted(mails) == ["conflicted@example.org", "r3@example.org", "reviewer@example.org"]
    assert mails["conflicted@example.org"].subject == "SLLM 2025: your ballot for the Oral presentations vote is open"
    body = mails["conflicted@example.org"].body
    assert body.splitlines()[0] == "Dear Conflicted Reviewer,"
    assert body.splitlines()[2] == (
        "The Oral presentations vote of SLLM 2025 is open. Your ballot holds the nominated papers you have no "
        "conflict with; papers you have a conflict with (your own among them) never appear on it."
    )
    assert body.splitlines()[5] == "http://127.0.0.1:8000/votes/sllm-2025/orals/"
    # Apart from the greeting, every voter's mail reads the same, whatever their conflicts.
    assert len({m.body.split("\n", 1)[1] for m in mails.values()}) == 1


def test_the_job_waits_while_reviews_are_missing_and_is_idempotent(world):
    Review.objects.filter(paper=world.papers[3], reviewer=world.r2).delete()

    assert open_ready_votes.delay().get() == []
    assert Vote.objects.count() == 0

    Review.objects.create(paper=world.papers[3], reviewer=world.r2)
    first, second = open_ready_votes.delay().get(), open_ready_votes.delay().get()
    assert (len(first), second, Vote.objects.count()) == (1, [], 1)


def test_an_organizer_opens_early_only_with_a_reason_which_is_logged(world, client_for):
    Review.objects.filter(paper=world.papers[3]).delete()
    client = client_for(world.organizer)

    refused = client.post("/organize/sllm-2025/votes/orals/open/", {"reason": "  "})
    assert refused.status_code == 400
    assert refused.context["error"].message == (
        "1 of 5 active papers lack their 3 reviews: give a reason for opening the vote early."
    )
    assert (Vote.objects.count(), OutboxMessage.objects.count()) == (0, 0)

    response = client.post(
        "/organize/sllm-2025/votes/orals/open/",
        {"reason": "Paper 3's last reviewer withdrew.", "deadline": "2099-05-01T12:00"},
    )

    assert (response.status_code, response["Location"]) == (302, "/organize/sllm-2025/votes/")
    vote = Vote.objects.get()
    assert (vote.opened_by, vote.open_reason, vote.deadline) == (
        world.organizer,
        "Paper 3's last reviewer withdrew.",
        dt.datetime(2099, 5, 1, 12, 0, tzinfo=dt.UTC),
    )
    assert list(vote.events.values_list("action", "reason", "data")) == [
        ("opened", "Paper 3's last reviewer withdrew.", {"early": True, "candidates": [1, 2, 4], "voters": 3})
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"deadline": "2001-01-01T00:00"}, "The deadline must lie in the future."),
        ({"deadline": "tomorrow"}, "Enter a valid date/time."),
        ({"reason": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
    ],
)
def test_bad_opening_input_is_refused_and_opens_nothing(world, client_for, data, message):
    response = client_for(world.organizer).post("/organize/sllm-2025/votes/orals/open/", data)

    assert (response.status_code, response.context["error"].message) == (400, message)
    assert (Vote.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_opening_twice_is_a_conflict_and_changes_nothing(world, client_for):
    vote = open_orals(world)

    response = client_for(world.organizer).post("/organize/sllm-2025/votes/orals/open/", {"reason": "again"})

    assert (response.status_code, response.context["error"].message) == (
        409,
        "This vote has already been opened.",
    )
    assert list(Vote.objects.all()) == [vote]
    assert vote.events.count() == 1


def test_a_vote_needs_two_candidates(world, client_for):
    Review.objects.filter(paper__number__in=[2, 3, 4]).update(nominate_for_oral=False)

    response = client_for(world.organizer).post("/organize/sllm-2025/votes/orals/open/", {"reason": "early"})

    assert (response.status_code, response.context["error"].message) == (
        400,
        "A vote needs at least two nominated papers.",
    )
    assert Vote.objects.count() == 0


def test_an_unknown_kind_of_vote_is_not_found(world, client_for):
    response = client_for(world.organizer).post("/organize/sllm-2025/votes/mayor/open/", {"reason": "x"})

    assert (response.status_code, Vote.objects.count()) == (400, 0)
    assert response.context["error"].message == "Unknown kind of vote."


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("author", 403), ("r1", 403), ("r2", 403), ("mentor", 403), ("organizer", 302)],
)
def test_only_organizers_open_a_vote(world, client_for, who, status):
    user = getattr(world, who) if who else None

    response = client_for(user).post("/organize/sllm-2025/votes/orals/open/", {"reason": "Early, on purpose."})

    assert response.status_code == status
    if who == "organizer":
        assert Vote.objects.get().opened_by == world.organizer
    else:
        assert (Vote.objects.count(), OutboxMessage.objects.count()) == (0, 0)
        if who is None:
            assert response["Location"] == "/accounts/login/?next=/organize/sllm-2025/votes/orals/open/"


def test_the_deadline_defaults_to_a_week(world):
    before = timezone.now()

    vote = open_orals(world)

    assert dt.timedelta(days=7) <= vote.deadline - before < dt.timedelta(days=7, minutes=1)
