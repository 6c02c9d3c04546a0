"""An organizer syncs the edition from OpenReview (a stand-in started here, on fixtures written here),
sees the run finish with its counts, then replaces a conflicted reviewer after a preview; the new
Assignment edge lands on the stand-in and the conflicted reviewer's edge is deleted there."""

import os
from pathlib import Path

import openreview
import pytest
import requests

from sllm.accounts.models import User
from sllm.openreview.models import SyncRun
from sllm.openreview.services import venue_sync
from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Assignment, Reassignment, ReassignmentWrite
from sllm.reviewing.selectors import reassignment_preview
from sllm.submissions.models import Paper
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VENUE_ID = "ICLR.cc/2025/Workshop/SLLM"
SLUG = "sllm-2025"
# Screenshots land here when SHOTS is set, so that a person can look at the pages.
SHOTS = Path(os.environ["SHOTS"]) if os.environ.get("SHOTS") else None


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def build_venue() -> VenueBuilder:
    """Paper 1 has an assigned reviewer with a conflict (Kwame); Emmy is free to replace him."""
    venue = VenueBuilder(VENUE_ID, seed=3)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    grace = venue.add_reviewer("Grace Hopper", "grace@yale.edu")
    alan = venue.add_reviewer("Alan Turing", "alan@manchester.ac.uk")
    emmy = venue.add_reviewer("Emmy Noether", "emmy@goettingen.de")
    kwame = venue.add_reviewer("Kwame Mensah", "kwame@ug.edu.gh")
    venue.add_submission(
        number=1,
        title="Pruning at scale",
        abstract="We prune large language models with structured sparsity.",
        authors=[("Ada Lovelace", "~Ada_Lovelace1")],
        track="Main track",
        status="submitted",
    )
    for reviewer in (grace, alan, kwame):
        venue.assign(1, reviewer)
    venue.add_review(1, grace, rating=8, confidence=4)
    venue.add_review(1, alan, rating=6, confidence=3)
    venue.add_conflict(1, kwame)
    venue.add_submission(
        number=2,
        title="Tiny sparse attention",
        abstract="Attention, but sparse.",
        authors=[("Katherine Johnson", "~Katherine_Johnson1")],
        track="Tiny Papers",
        status="submitted",
    )
    venue.assign(2, emmy)
    venue.add_review(2, emmy, rating=7, confidence=3)
    return venue


@pytest.fixture
def standin(tmp_path, settings):
    venue = build_venue()
    server = StandIn(fixtures=venue.write(tmp_path / "venue")).start()
    settings.OPENREVIEW_BASEURL = server.url
    settings.OPENREVIEW_USERNAME = PC_EMAIL
    settings.OPENREVIEW_PASSWORD = PC_PASSWORD
    settings.OPENREVIEW_TIMEOUT_S = 5
    settings.OPENREVIEW_FETCH_PDFS = False  # this venue's notes name no stored PDF; test_edition_from_nothing fetches
    yield server, venue
    server.stop()


@pytest.fixture
def organizer():
    edition = factories.EditionFactory(slug=SLUG, openreview_venue_id=VENUE_ID)
    factories.TrackFactory(edition=edition, kind="main")
    factories.TrackFactory(edition=edition, kind="tiny")
    user = factories.UserFactory(email="chair@example.org", full_name="Pat Chair")
    factories.grant(user, edition, "organizer")
    return user


def assignment_edges(server, head: str) -> list[str]:
    """The live Assignment edges of one submission on the stand-in, read with the real client."""

    client = openreview.api.OpenReviewClient(baseurl=server.url, username=PC_EMAIL, password=PC_PASSWORD)
    edges = client.get_all_edges(invitation=f"{VENUE_ID}/Reviewers/-/Assignment", head=head)
    return sorted(e.tail for e in edges if not e.ddate)


def rows(locator) -> list[list[str]]:
    return [[cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in locator.all()]


def test_an_organizer_syncs_then_replaces_a_conflicted_reviewer(page, standin, organizer):
    server, venue = standin
    log_in(page, "chair@example.org", factories.PASSWORD)

    page.goto(f"/organize/{SLUG}/")
    page.get_by_role("link", name="OpenReview sync").click()
    page.get_by_role("button", name="Sync now").click()

    run = SyncRun.objects.get()
    assert (run.status, run.trigger, run.requested_by, run.rows_written) == (
        "succeeded",
        "dashboard",
        organizer,
        23,
    )
    assert page.locator(".messages").inner_text() == f"Sync {run.pk} succeeded."
    assert page.locator("#sync-progress-bar").get_attribute("value") == "100"
    assert page.locator(".sync-stage").inner_text() == "done"
    assert page.locator(".sync-message").inner_text() == f"Done: 23 rows written in {run.requests} requests."
    assert rows(page.locator(".sync-counts tbody tr")) == [
        ["assignments", "4", "0", "0"],
        ["authorships", "2", "0", "0"],
        ["conflicts", "1", "0", "0"],
        ["papers", "2", "0", "0"],
        ["reviews", "3", "0", "0"],
        ["roles", "4", "0", "0"],
        ["submission_records", "2", "0", "0"],
        ["users", "4", "0", "0"],
        ["venue", "0", "1", "0"],
    ]
    _shot(page, "openreview-sync")

    page.goto(f"/organize/{SLUG}/")
    page.get_by_role("link", name="Conflicts and reassignment").click()
    open_conflicts = page.get_by_role("region", name="Open conflicts (1)").locator("tbody tr")
    assert rows(open_conflicts) == [["1", "Pruning at scale", "Main track", "Kwame Mensah", "Conflict", "Replace…"]]
    _shot(page, "openreview-conflicts")
    open_conflicts.get_by_role("link", name="Replace…").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Paper 1: Pruning at scale"
    assert [name.strip() for name in page.locator("tbody label").all_inner_texts()] == ["Emmy Noether"]
    page.get_by_label("Emmy Noether").check()
    page.get_by_role("button", name="Preview").click()

    [emmy] = reassignment_preview(paper=Paper.objects.get(number=1))
    assert [item.strip() for item in page.locator("ul.preview li").all_inner_texts()] == [
        "Unassign Kwame Mensah (the assignment edge is deleted on OpenReview).",
        f"Assign Emmy Noether (load 1, affinity {emmy.affinity:.3f}): an Assignment edge is posted to OpenReview.",
    ]
    assert Assignment.objects.filter(paper__number=1, reviewer__full_name="Emmy Noether").exists() is False
    _shot(page, "openreview-reassign-preview")
    page.get_by_role("button", name="Confirm and write to OpenReview").click()

    assert page.locator(".messages").inner_text() == "Paper 1: assigned Emmy Noether."
    assert rows(page.get_by_role("region", name="Open conflicts (0)").locator("tbody tr")) == [["No open conflicts."]]
    recent = rows(page.get_by_role("region", name="Recent reassignments").locator("tbody tr"))
    assert [row[1:] for row in recent] == [["1", "Emmy Noether", "Kwame Mensah", "Conflict of interest", "Pat Chair"]]
    _shot(page, "openreview-reassigned")

    assert assignment_edges(server, venue.submissions[1]) == [
        "~Alan_Turing1",
        "~Emmy_Noether1",
        "~Grace_Hopper1",
    ]
    assert sorted(
        Assignment.objects.filter(paper__number=1).values_list("reviewer__openreview_id", "assigned_by__email")
    ) == [("~Alan_Turing1", None), ("~Emmy_Noether1", "chair@example.org"), ("~Grace_Hopper1", None)]
    log = Reassignment.objects.get()
    assert (log.paper.number, log.removed_reviewer.openreview_id, log.added_reviewer.openreview_id) == (
        1,
        "~Kwame_Mensah1",
        "~Emmy_Noether1",
    )


def test_the_conflicts_page_follows_a_write_to_openreview_and_says_why_one_failed(page, standin, organizer):
    server, venue = standin
    venue_sync(slug=SLUG, venue_id=VENUE_ID)
    paper = Paper.objects.get(number=1)
    kwame, emmy = (User.objects.get(openreview_id=p) for p in ("~Kwame_Mensah1", "~Emmy_Noether1"))
    # A write a worker is part way through: one of its two edges taken.
    write = ReassignmentWrite.objects.create(
        paper=paper,
        reason="conflict",
        add_reviewer_ids=[emmy.pk],
        remove_reviewer=kwame,
        requested_by=organizer,
        status="running",
        edges_total=2,
        posted_edges={str(emmy.pk): "edge-emmy"},
    )
    log_in(page, "chair@example.org", factories.PASSWORD)

    page.goto(f"/organize/{SLUG}/reviewing/conflicts/")
    writes = page.get_by_role("region", name="Writing to OpenReview")
    assert rows(writes.locator("tbody tr"))[0][::2] == ["1", "Pat Chair", "Writing to OpenReview"]
    assert writes.locator("progress").get_attribute("value") == "50"
    assert writes.locator(".write-edges").inner_text() == "1 of 2 edges"
    _shot(page, "openreview-write-progress")

    # The worker ends the write: the page's script sees it and reloads without the section.
    ReassignmentWrite.objects.filter(pk=write.pk).update(status="succeeded")
    page.get_by_role("region", name="Writing to OpenReview").wait_for(state="detached", timeout=15_000)

    control_url = f"{server.url}/__standin__/faults"
    requests.post(control_url, json={"route": "/edges", "kind": "503", "count": 1, "method": "POST"}, timeout=5)
    page.goto(f"/organize/{SLUG}/reviewing/papers/2/reassign/?reason=coverage")
    page.get_by_label("Alan Turing").check()
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Confirm and write to OpenReview").click()

    reason = (
        f"OpenReview did not take the assignment: Posting an edge on {VENUE_ID}/Reviewers/-/Assignment: "
        "OpenReview kept failing after 1 attempt(s); last: HTTP 503 Error: Service Unavailable"
    )
    assert page.locator(".messages").inner_text() == f"Paper 2: {reason}"
    failed = page.get_by_role("region", name="Writing to OpenReview").locator("tbody tr")
    assert [row[::2] for row in rows(failed)] == [["2", "Pat Chair", f"Failed: {reason}"]]
    assert Assignment.objects.filter(paper__number=2, reviewer__openreview_id="~Alan_Turing1").exists() is False
    _shot(page, "openreview-write-failed")
