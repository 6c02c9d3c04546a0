"""Reassignment and disclosure write edges to OpenReview (the stand-in) and record who did it.

The edges are posted by jobs (eager here: they run when the request's transaction commits); a real
worker and a slow OpenReview are in test_reassignment_worker.py."""

import datetime as dt

import openreview
import pytest
from django.utils import timezone

from sllm.accounts.models import User
from sllm.core.jobs import job_time_limit
from sllm.openreview.services import venue_sync
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD
from sllm.reviewing.models import Assignment, Conflict, Reassignment, ReassignmentWrite
from sllm.reviewing.services import WRITE_REASSIGNMENT_TASK
from tests import factories

from .conftest import VENUE_ID, control

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(standin):
    run = venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, run.edition, "organizer")
    return run.edition, organizer


def user(profile_id: str) -> User:
    return User.objects.get(openreview_id=profile_id)


def edges_on_openreview(standin, invitation: str) -> list[tuple]:

    client = openreview.api.OpenReviewClient(baseurl=standin.url, username=PC_EMAIL, password=PC_PASSWORD)
    return sorted((e.head, e.tail, e.label) for e in client.get_all_edges(invitation=f"{VENUE_ID}/{invitation}"))


def test_preview_ranks_only_reviewers_without_conflict_or_assignment(client_for, synced):
    edition, organizer = synced
    kwame = user("~Kwame_Mensah1")
    response = client_for(organizer).get(
        f"/organize/sllm-2025/reviewing/papers/2/reassign/?reason=conflict&remove={kwame.pk}"
    )
    assert response.status_code == 200
    assert sorted(r.name for r in response.context["ranked"]) == ["Alan Turing", "Emmy Noether"]
    assert response.context["removing"] == kwame


def test_confirm_replaces_the_conflicted_reviewer_on_openreview_and_here(
    client_for, synced, standin, venue, django_capture_on_commit_callbacks
):
    edition, organizer = synced
    kwame, alan = user("~Kwame_Mensah1"), user("~Alan_Turing1")
    client = client_for(organizer)
    preview = client.post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/",
        {"reason": "conflict", "remove": kwame.pk, "add": [alan.pk]},
    )
    assert (preview.status_code, Assignment.objects.filter(reviewer=alan, paper__number=2).exists()) == (
        200,
        False,
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/organize/sllm-2025/reviewing/papers/2/reassign/",
            {"reason": "conflict", "remove": kwame.pk, "add": [alan.pk], "confirm": "yes"},
        )

    assert done.status_code == 302
    # The view answered before the captured commit ran the (eager) job; by the next page it is done.
    page = client.get(done.url)
    assert ([str(m) for m in page.context["messages"]], list(page.context["writes"])) == (
        ["Paper 2: assigning Alan Turing on OpenReview; progress below."],
        [],
    )
    write = ReassignmentWrite.objects.get()
    assert (write.status, write.edges_done, write.edges_total, write.progress, write.error) == (
        "succeeded",
        2,
        2,
        100,
        "",
    )
    s2 = venue.submissions[2]
    assert [e for e in edges_on_openreview(standin, "Reviewers/-/Assignment") if e[0] == s2] == [
        (s2, "~Alan_Turing1", None),
        (s2, "~Grace_Hopper1", None),
    ]
    assert sorted(
        Assignment.objects.filter(paper__number=2).values_list("reviewer__openreview_id", "assigned_by__email")
    ) == [("~Alan_Turing1", "chair@example.org"), ("~Grace_Hopper1", None)]
    log = Reassignment.objects.get()
    assert (
        log.paper.number,
        log.reason,
        log.removed_reviewer,
        log.added_reviewer,
        log.performed_by,
        log.added_edge_id == Assignment.objects.get(reviewer=alan, paper__number=2).openreview_edge_id,
    ) == (2, "conflict", kwame, alan, organizer, True)
    assert venue_sync(slug="sllm-2025", venue_id=VENUE_ID).rows_written == 0


def test_confirm_refuses_a_conflicted_reviewer_and_changes_nothing(client_for, synced, standin):
    edition, organizer = synced
    kwame = user("~Kwame_Mensah1")
    control(standin, "requests", {})
    response = client_for(organizer).post(
        "/organize/sllm-2025/reviewing/papers/1/reassign/",
        {"reason": "coverage", "add": [kwame.pk], "confirm": "yes"},
    )
    assert (response.status_code, control(standin, "requests")["requests"], Reassignment.objects.count()) == (
        400,
        [],
        0,
    )


def test_an_openreview_failure_stores_nothing_and_the_page_says_why(
    client_for, synced, standin, django_capture_on_commit_callbacks
):
    edition, organizer = synced
    alan = user("~Alan_Turing1")
    control(standin, "faults", {"route": "/edges", "kind": "503", "count": 1, "method": "POST"})
    client = client_for(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organize/sllm-2025/reviewing/papers/2/reassign/",
            {"reason": "coverage", "add": [alan.pk], "confirm": "yes"},
        )
    reason = (
        "OpenReview did not take the assignment: Posting an edge on "
        f"{VENUE_ID}/Reviewers/-/Assignment: OpenReview kept failing after 1 attempt(s); last: "
        "HTTP 503 Error: Service Unavailable"
    )
    assert (
        response.status_code,
        Assignment.objects.filter(reviewer=alan, paper__number=2).exists(),
        Reassignment.objects.count(),
        list(ReassignmentWrite.objects.values_list("status", "error")),
    ) == (302, False, 0, [("failed", reason)])
    page = client.get(response.url)
    assert [(w.paper.number, w.status, w.error) for w in page.context["writes"]] == [(2, "failed", reason)]


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("reviewer", 403), ("organizer", 200)])
def test_reassign_and_conflict_pages_permissions(client_for, synced, who, status, django_capture_on_commit_callbacks):
    edition, organizer = synced
    person = {"anonymous": None, "reviewer": user("~Grace_Hopper1"), "organizer": organizer}[who]
    client = client_for(person)
    before = (Assignment.objects.count(), ReassignmentWrite.objects.count())
    assert [
        client.get(f"/organize/sllm-2025/reviewing/{p}").status_code
        for p in ("conflicts/", "coverage/", "papers/2/reassign/")
    ] == [status] * 3
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            "/organize/sllm-2025/reviewing/papers/2/reassign/",
            {"reason": "coverage", "add": [user("~Alan_Turing1").pk], "confirm": "yes"},
        )
    assert posted.status_code == (302 if who != "reviewer" else 403)
    added = 1 if who == "organizer" else 0
    assert (Assignment.objects.count(), ReassignmentWrite.objects.count()) == (before[0] + added, before[1] + added)


def test_conflicts_page_lists_the_open_conflict(client_for, synced):
    edition, organizer = synced
    response = client_for(organizer).get("/organize/sllm-2025/reviewing/conflicts/")
    assert [(c.paper.number, c.reviewer.openreview_id, c.label) for c in response.context["conflicts"]] == [
        (2, "~Kwame_Mensah1", "Custom Conflict")
    ]
    assert [(p.number, p.review_count) for p in response.context["under_covered"]] == [(2, 1)]


def test_a_reviewer_discloses_a_conflict_posted_as_a_custom_conflict_edge(
    client_for, synced, standin, venue, django_capture_on_commit_callbacks
):
    grace = user("~Grace_Hopper1")
    client = client_for(grace)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/review/sllm-2025/papers/1/", {"reason": "I co-advise the first author."})

    assert response.status_code == 302
    assert (venue.submissions[1], "~Grace_Hopper1", "Custom Conflict") in edges_on_openreview(
        standin, "Reviewers/-/Conflict"
    )
    conflict = Conflict.objects.get(reviewer=grace, paper__number=1)
    assert (conflict.label, conflict.source, conflict.reason, len(conflict.openreview_edge_id)) == (
        "Custom Conflict",
        "disclosed",
        "I co-advise the first author.",
        14,
    )
    assert client.get("/review/sllm-2025/papers/1/").status_code == 404
    assert venue_sync(slug="sllm-2025", venue_id=VENUE_ID).rows_written == 0


def test_an_empty_disclosure_is_refused(client_for, synced, standin):
    grace = user("~Grace_Hopper1")
    control(standin, "requests", {})
    response = client_for(grace).post("/review/sllm-2025/papers/1/", {"reason": "  "})
    assert (
        response.status_code,
        Conflict.objects.filter(reviewer=grace).count(),
        control(standin, "requests")["requests"],
    ) == (400, 0, [])


def test_a_disclosure_refused_by_openreview_is_kept_here_and_by_the_next_sync(
    client_for, synced, standin, django_capture_on_commit_callbacks
):
    grace = user("~Grace_Hopper1")
    client = client_for(grace)
    control(standin, "faults", {"route": "/edges", "kind": "403", "count": 1, "method": "POST"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/review/sllm-2025/papers/1/", {"reason": "I co-advise the first author."})

    conflict = Conflict.objects.get(reviewer=grace, paper__number=1)
    assert (response.status_code, conflict.source, conflict.openreview_edge_id) == (302, "disclosed", "")
    assert client.get("/review/sllm-2025/papers/1/").status_code == 404
    assert ("~Grace_Hopper1", "Custom Conflict") not in [
        e[1:] for e in edges_on_openreview(standin, "Reviewers/-/Conflict")
    ]
    venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    assert Conflict.objects.filter(reviewer=grace, paper__number=1).values_list("reason", flat=True).get() == (
        "I co-advise the first author."
    )


def test_a_second_confirm_waits_for_the_write_under_way(client_for, synced, standin):
    edition, organizer = synced
    alan, emmy = user("~Alan_Turing1"), user("~Emmy_Noether1")
    client = client_for(organizer)
    # Without the captured commit the first write stays queued, as while a worker is busy with it.
    first = client.post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/", {"reason": "coverage", "add": [alan.pk], "confirm": "yes"}
    )
    second = client.post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/", {"reason": "coverage", "add": [emmy.pk], "confirm": "yes"}
    )
    assert (first.status_code, second.status_code) == (302, 409)
    assert second.context["form"].non_field_errors() == [
        "A reassignment of paper 2 is still being written to OpenReview; wait for it to finish."
    ]
    assert list(ReassignmentWrite.objects.values_list("status", "add_reviewer_ids")) == [("queued", [alan.pk])]


@pytest.mark.parametrize(
    "silent_for, blocks",
    [
        # Still inside the job's hard time limit: the write may be running; a second one would race it.
        (dt.timedelta(seconds=job_time_limit(WRITE_REASSIGNMENT_TASK) - 30), True),
        # Past it, its worker was killed or died: the write no longer blocks the next confirm.
        (dt.timedelta(seconds=job_time_limit(WRITE_REASSIGNMENT_TASK) + 30), False),
    ],
)
def test_a_running_write_blocks_the_next_confirm_until_it_outlived_the_jobs_time_limit(
    client_for, synced, standin, silent_for, blocks
):
    edition, organizer = synced
    alan, emmy = user("~Alan_Turing1"), user("~Emmy_Noether1")
    client = client_for(organizer)
    client.post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/", {"reason": "coverage", "add": [alan.pk], "confirm": "yes"}
    )
    ReassignmentWrite.objects.update(status="running", updated_at=timezone.now() - silent_for)
    second = client.post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/", {"reason": "coverage", "add": [emmy.pk], "confirm": "yes"}
    )
    assert second.status_code == (409 if blocks else 302)
    assert list(ReassignmentWrite.objects.order_by("pk").values_list("status", "add_reviewer_ids")) == [
        ("running", [alan.pk]),
        *([] if blocks else [("queued", [emmy.pk])]),
    ]


def test_the_reassignment_job_runs_under_the_default_half_hour_limit():
    assert job_time_limit(WRITE_REASSIGNMENT_TASK) == 30 * 60


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("reviewer", 403), ("organizer", 200)])
def test_reassignment_status_permissions(client_for, synced, standin, who, status):
    edition, organizer = synced
    alan = user("~Alan_Turing1")
    client_for(organizer).post(
        "/organize/sllm-2025/reviewing/papers/2/reassign/", {"reason": "coverage", "add": [alan.pk], "confirm": "yes"}
    )
    write = ReassignmentWrite.objects.get()
    person = {"anonymous": None, "reviewer": user("~Grace_Hopper1"), "organizer": organizer}[who]
    response = client_for(person).get(f"/organize/sllm-2025/reviewing/reassignments/{write.pk}/status/")
    assert response.status_code == status
    if who == "organizer":
        assert response.json() == {
            "id": write.pk,
            "paper": 2,
            "status": "queued",
            "status_display": "Queued",
            "edges_done": 0,
            "edges_total": 1,
            "progress": 0,
            "error": "",
        }
    assert (
        client_for(organizer).get(f"/organize/sllm-2025/reviewing/reassignments/{write.pk + 1}/status/").status_code
        == 404
    )
