"""The organizers' conflicts and coverage pages cost the same number of queries for 1 or 3 of each row."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.openreview.models import VenueLink
from sllm.reviewing.models import Assignment, Conflict, Reassignment, ReassignmentWrite, Review
from tests import factories

pytestmark = pytest.mark.django_db


def reviewer(edition, email: str, name: str):
    user = factories.UserFactory(email=email, full_name=name)
    factories.grant(user, edition, "reviewer")
    return user


@pytest.fixture
def rows(edition, main_track, tiny_track, organizer):
    """`rows(n)` makes n papers, each with an open conflict, an overdue reviewer, a late review and a
    reassignment and a failed write to OpenReview, alternating between the two tracks."""
    deadline = timezone.now() - dt.timedelta(days=2)
    VenueLink.objects.create(edition=edition, venue_id="V/2025", review_deadline=deadline)

    def make(n: int) -> None:
        for i in range(1, n + 1):
            paper = factories.PaperFactory(edition=edition, track=(main_track, tiny_track)[i % 2], number=i)
            conflicted = reviewer(edition, f"c{i}@example.org", f"Conflicted {i}")
            silent = reviewer(edition, f"s{i}@example.org", f"Silent {i}")
            late = reviewer(edition, f"l{i}@example.org", f"Late {i}")
            for user in (conflicted, silent, late):
                Assignment.objects.create(paper=paper, reviewer=user)
            Conflict.objects.create(paper=paper, reviewer=conflicted, label="Conflict")
            Review.objects.create(
                paper=paper, reviewer=late, rating=6, confidence=3, submitted_at=deadline + dt.timedelta(hours=i)
            )
            Reassignment.objects.create(
                paper=paper, reason="conflict", added_reviewer=late, removed_reviewer=conflicted, performed_by=organizer
            )
            ReassignmentWrite.objects.create(
                paper=paper, reason="coverage", add_reviewer_ids=[silent.pk], requested_by=organizer, status="failed"
            )

    return make


@pytest.mark.parametrize("n", [1, 3])
def test_the_conflicts_page_takes_a_fixed_number_of_queries(client_for, organizer, rows, django_assert_num_queries, n):
    rows(n)
    client = client_for(organizer)
    with django_assert_num_queries(8):
        response = client.get("/organize/sllm-2025/reviewing/conflicts/")
    context = response.context
    assert (
        response.status_code,
        [(c.paper.number, c.paper.track.name, c.reviewer.display_name) for c in context["conflicts"]],
        [(p.number, p.review_count, p.assigned_count) for p in context["under_covered"]],
        sorted((r.paper.number, r.added_reviewer.display_name, r.performed_by.email) for r in context["recent"]),
        sorted((w.paper.number, w.requested_by.email, w.status) for w in context["writes"]),
    ) == (
        200,
        [(i, ("Main track", "Tiny Papers")[i % 2 == 1], f"Conflicted {i}") for i in range(1, n + 1)],
        sorted(((i, 1, 3) for i in range(1, n + 1)), key=lambda row: (row[0] % 2 == 1, row[0])),
        [(i, f"Late {i}", "organizer@example.org") for i in range(1, n + 1)],
        [(i, "organizer@example.org", "failed") for i in range(1, n + 1)],
    )


@pytest.mark.parametrize("n", [1, 3])
def test_the_coverage_page_takes_a_fixed_number_of_queries(client_for, organizer, rows, django_assert_num_queries, n):
    rows(n)
    client = client_for(organizer)
    with django_assert_num_queries(9):
        response = client.get("/organize/sllm-2025/reviewing/coverage/")
    context = response.context
    assert (
        response.status_code,
        [(t["name"], t["papers"], t["covered"], [p.number for p in t["below"]]) for t in context["tracks"]],
        [(r.paper.number, r.reviewer.display_name) for r in context["late"]],
        sorted((a.paper.number, a.reviewer.display_name) for a in context["overdue"]),
        sorted((u.display_name, u.assigned, u.reviewed, u.conflicted) for u in context["loads"]),
    ) == (
        200,
        [
            (name, len(numbers), 0, numbers)
            for name, numbers in (
                ("Main track", [i for i in range(1, n + 1) if i % 2 == 0]),
                ("Tiny Papers", [i for i in range(1, n + 1) if i % 2 == 1]),
            )
            if numbers
        ],
        [(i, f"Late {i}") for i in range(1, n + 1)],
        sorted((i, name) for i in range(1, n + 1) for name in (f"Conflicted {i}", f"Silent {i}")),
        sorted(
            [(f"Conflicted {i}", 1, 0, 1) for i in range(1, n + 1)]
            + [(f"Late {i}", 1, 1, 0) for i in range(1, n + 1)]
            + [(f"Silent {i}", 1, 0, 0) for i in range(1, n + 1)]
        ),
    )
