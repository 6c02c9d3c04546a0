"""Later `venue_sync`s against the stand-in: nothing written when nothing changed, a fixed number of requests,
the increments and warnings of what changed, and nothing at all written by a sync that fails."""

import pytest

from sllm.openreview.client import SyncError
from sllm.openreview.models import SyncRun
from sllm.reviewing.models import Assignment, Conflict, Review
from sllm.submissions.models import Paper
from sllm.workshops.models import Edition

from .conftest import VENUE_ID, control, database_state, reviews_table, sync

pytestmark = pytest.mark.django_db


def test_a_second_sync_with_no_change_writes_nothing(standin):
    sync()
    before = database_state()

    second = sync()

    assert (second.status, second.rows_written, second.counts, second.requests) == ("succeeded", 0, {}, 13)
    assert database_state() == before


def test_a_sync_needs_a_fixed_number_of_requests(standin):
    sync()
    control(standin, "requests", {})
    sync()
    paths = [r["path"] for r in control(standin, "requests")["requests"]]
    assert paths == [
        "/login",
        "/groups",
        "/groups",
        "/groups",
        "/groups",
        "/invitations",
        "/notes",
        "/notes",
        "/edges",
        "/edges",
        "/edges",
        "/edges",
        "/profiles/search",
    ]


def test_an_edited_review_is_updated_in_place_and_a_deleted_one_disappears(standin, venue):
    sync()
    grace_review = Review.objects.get(reviewer__openreview_id="~Grace_Hopper1", paper__number=1)
    note = next(n for n in venue.notes.values() if n["id"] == grace_review.openreview_id)
    edited = {
        **note,
        "content": {
            **note["content"],
            "rating": {"value": "3: reject"},
            "nominate_for_oral": {"value": "No"},
        },
        "tmdate": note["tmdate"] + 60_000,
    }
    alan_review = Review.objects.get(reviewer__openreview_id="~Alan_Turing1")
    control(standin, "seed", {"notes": [edited], "delete": {"notes": [alan_review.openreview_id]}})

    run = sync()

    assert reviews_table() == [
        (1, "~Emmy_Noether1", 7, 2, False, True, 3),
        (1, "~Grace_Hopper1", 3, 4, False, True, 1),
        (2, "~Kwame_Mensah1", 9, 5, True, False, 1),
    ]
    assert Review.objects.get(openreview_id=grace_review.openreview_id).pk == grace_review.pk
    assert run.counts == {"reviews": {"created": 0, "updated": 1, "deleted": 1}}


def test_a_new_conflict_appears_and_a_removed_assignment_goes(standin, venue):
    sync()
    edge = next(
        e
        for e in venue.edges.values()
        if e["invitation"].endswith("Assignment")
        and e["tail"] == "~Grace_Hopper1"
        and e["head"] == venue.submissions[2]
    )
    new_conflict = {
        **edge,
        "id": "NewConflict001",
        "invitation": f"{VENUE_ID}/Reviewers/-/Conflict",
        "weight": -1,
        "label": "Institutional (Yale)",
    }
    control(standin, "seed", {"edges": [new_conflict], "delete": {"edges": [edge["id"]]}})

    run = sync()

    assert run.counts == {
        "assignments": {"created": 0, "updated": 0, "deleted": 1},
        "conflicts": {"created": 1, "updated": 0, "deleted": 0},
    }
    assert sorted(
        Conflict.objects.values_list("paper__number", "reviewer__openreview_id", "label", "openreview_edge_id")
    ) == [
        (1, "~Kwame_Mensah1", "Conflict", Conflict.objects.get(paper__number=1).openreview_edge_id),
        (2, "~Grace_Hopper1", "Institutional (Yale)", "NewConflict001"),
        (
            2,
            "~Kwame_Mensah1",
            "Custom Conflict",
            Conflict.objects.get(paper__number=2, reviewer__openreview_id="~Kwame_Mensah1").openreview_edge_id,
        ),
    ]
    assert list(Assignment.objects.filter(paper__number=2).values_list("reviewer__openreview_id", flat=True)) == [
        "~Kwame_Mensah1"
    ]


def test_malformed_notes_become_warnings(standin, venue):
    sync()
    broken = {
        "id": "Broken0001",
        "forum": "Broken0001",
        "number": 4,
        "version": 2,
        "domain": VENUE_ID,
        "invitations": [f"{VENUE_ID}/-/Submission"],
        "signatures": [f"{VENUE_ID}/Submission4/Authors"],
        "readers": [VENUE_ID],
        "writers": [VENUE_ID],
        "content": {
            "title": {"value": "No abstract, odd track"},
            "track": {"value": "Poster Extravaganza"},
            "venueid": {"value": f"{VENUE_ID}/Submission"},
        },
        "cdate": 1,
        "tcdate": 1,
        "mdate": 1,
        "tmdate": 1,
    }
    odd = {
        **broken,
        "id": "Broken0002",
        "forum": "Broken0002",
        "number": 5,
        "content": {
            "abstract": {"value": "x"},
            "venueid": {"value": "Somewhere/Else"},
            "authors": {"value": ["A. Person"]},
        },
    }
    control(standin, "seed", {"notes": [broken, odd]})

    run = sync()

    assert run.status == "succeeded"
    assert run.warnings == [
        f"Submission 3 ({venue.submissions[3]}): author 'Olu Ade' has no profile id (no authorids).",
        "Submission 4 (Broken0001): no abstract.",
        "Submission 4 (Broken0001): no authors visible to the sync account.",
        "Submission 5 (Broken0002): no title.",
        "Submission 5 (Broken0002): unknown venueid 'Somewhere/Else'; treated as submitted.",
        "Submission 5 (Broken0002): authors without authorids; profile ids unknown.",
        "Submission 5 (Broken0002): 1 author names but 0 author ids.",
        "Submission 4 (Broken0001): unknown track 'Poster Extravaganza'; paper skipped.",
    ]
    assert list(Paper.objects.filter(number=5).values_list("title", "track__kind", "status")) == [
        ("Untitled submission 5", "main", "submitted")
    ]
    assert Paper.objects.filter(number=4).exists() is False


@pytest.mark.parametrize(
    "fault",
    [
        {"route": "/edges", "kind": "503", "count": 20},
        {"route": "/groups", "kind": "429", "count": 20, "retry_after": 1},
        {"route": "/notes", "kind": "drop", "count": 20},
        {"route": "/profiles/search", "kind": "500", "count": 20},
        {"route": "/edges", "kind": "expired", "count": 2},
    ],
    ids=["503", "429", "network", "500", "401"],
)
def test_a_fault_mid_sync_leaves_the_database_as_it_was(standin, venue, settings, fault):
    sync()
    # Something changed on OpenReview that the failed sync must not half-import.
    control(
        standin,
        "seed",
        {"delete": {"notes": [Review.objects.get(reviewer__openreview_id="~Grace_Hopper1").openreview_id]}},
    )
    settings.OPENREVIEW_RETRIES = 2
    settings.OPENREVIEW_RETRY_AFTER_MAX_S = 0.5  # a 1 s Retry-After is then not waited for
    before = database_state()
    control(standin, "faults", fault)

    with pytest.raises(SyncError) as caught:
        sync()

    assert database_state() == before
    failed = SyncRun.objects.order_by("-id").first()
    assert (failed.status, failed.error, failed.rows_written) == ("failed", caught.value.message, 0)


def test_wrong_credentials_give_one_clear_error(standin, settings):
    settings.OPENREVIEW_PASSWORD = "wrong"

    with pytest.raises(SyncError) as caught:
        sync()

    assert (caught.value.code, caught.value.message) == (
        "login_failed",
        "OpenReview refused the login of pc@sllm.example.org: Invalid username or password",
    )
    assert Edition.objects.exists() is False
