"""A small edition with reviews, nominations and conflicts that the vote tests share, and its selectors.

Papers #1-#5 are accepted, each with three reviews by r1 (the `reviewer` fixture), r2 and r3.
Nominations: r1 -> #1 and #4, r2 -> #2, r3 -> #3; r3 also nominates #5 but has a conflict with it
(flagged, so #5 is no candidate). r2 has a conflict with #1: the conflicted reviewer.
"""

from types import SimpleNamespace

import pytest
from django.test import TestCase

from sllm.reviewing.models import Conflict, Review, Vote
from sllm.reviewing.votes import selectors, services
from sllm.submissions.models import Paper
from tests import factories


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


def make_world(edition, main_track, organizer, author, reviewer, mentor) -> SimpleNamespace:
    """The shared edition; each vote test module wraps it in its own `world` fixture."""
    r1 = reviewer
    r2 = factories.UserFactory(email="conflicted@example.org", full_name="Conflicted Reviewer")
    r3 = factories.UserFactory(email="r3@example.org", full_name="Third Reviewer")
    for person in (r2, r3):
        factories.grant(person, edition, "reviewer")
    papers = {
        n: factories.PaperFactory(track=main_track, number=n, title=f"Paper {n}", status=Paper.Status.ACCEPTED)
        for n in range(1, 6)
    }
    nominations = {(r1, 1), (r1, 4), (r2, 2), (r3, 3), (r3, 5)}
    for paper in papers.values():
        for person in (r1, r2, r3):
            Review.objects.create(
                paper=paper,
                reviewer=person,
                rating=7,
                confidence=4,
                nominate_for_oral=(person, paper.number) in nominations,
            )
    Conflict.objects.create(paper=papers[1], reviewer=r2)
    Conflict.objects.create(paper=papers[5], reviewer=r3)
    return SimpleNamespace(
        edition=edition,
        organizer=organizer,
        author=author,
        mentor=mentor,
        r1=r1,
        r2=r2,
        r3=r3,
        papers=papers,
    )


def open_orals(world, **kwargs) -> Vote:
    return services.vote_open(edition=world.edition, kind=Vote.Kind.ORALS, **kwargs)


def close(vote, user=None) -> Vote:
    """Closes like a request does: the tally job is enqueued on commit, and runs eagerly here."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.vote_close(vote=vote, user=user)
    vote.refresh_from_db()
    return vote


def committed():
    """Runs what the request enqueued on commit (the test's own transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def cast(world, user, ranking) -> None:
    vote = selectors.vote_get(edition=world.edition, kind=Vote.Kind.ORALS)
    services.ballot_cast(vote=vote, user=user, ranking=ranking)


def test_nominations_per_paper_flag_those_from_a_conflicted_reviewer(world):
    rows = selectors.oral_nominations(edition=world.edition)

    assert [(row["paper"].number, row["nominations"], row["flagged"]) for row in rows] == [
        (1, 1, []),
        (2, 1, []),
        (3, 1, []),
        (4, 1, []),
        (5, 0, [world.r3]),
    ]


def test_candidates_are_the_active_papers_with_an_unflagged_nomination(world):
    Paper.objects.filter(pk=world.papers[4].pk).update(status=Paper.Status.WITHDRAWN)

    assert [p.number for p in selectors.oral_candidate_papers(edition=world.edition)] == [1, 2, 3]


def test_review_coverage_counts_active_papers_below_three_reviews(world):
    Review.objects.filter(paper=world.papers[2], reviewer=world.r3).delete()

    assert selectors.review_coverage(edition=world.edition) == {
        "active_papers": 5,
        "missing": 1,
        "complete": False,
        "required": 3,
    }


def test_eligible_voters_of_the_oral_vote_are_the_editions_reviewers(world):
    assert list(selectors.eligible_voter_users(edition=world.edition, kind=Vote.Kind.ORALS)) == [
        world.r2,
        world.r3,
        world.r1,
    ]


def test_accepted_papers_with_any_student_author_are_eligible_for_the_award(world):
    # The proposal: "authored or co-authored by a student", first author or not.
    factories.AuthorshipFactory(paper=world.papers[1], position=1, is_student=True)
    factories.AuthorshipFactory(paper=world.papers[2], position=1, is_student=False)
    factories.AuthorshipFactory(paper=world.papers[2], position=2, is_student=True)
    factories.AuthorshipFactory(paper=world.papers[3], position=2, is_student=True)
    factories.AuthorshipFactory(paper=world.papers[4], position=1, is_student=False)
    rejected = factories.PaperFactory(track=world.papers[1].track, number=9, status=Paper.Status.REJECTED)
    factories.AuthorshipFactory(paper=rejected, position=1, is_student=True)

    eligible = selectors.student_award_eligible_papers(edition=world.edition)

    assert [p.number for p in eligible] == [1, 2, 3]
