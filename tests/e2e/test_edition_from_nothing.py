"""From an empty database to the day itself, in the browser: a site administrator creates an edition,
syncs its venue from the OpenReview stand-in (the PDFs come along), maps the decisions, adds a room, a
speaker and a session through the pages, places the posters and releases the program; the public posters
page then shows every poster paper on its board."""

import os
import re
from pathlib import Path

import pytest

from sllm.openreview.models import SyncRun
from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.program.models import PosterBoard, Room, Session, Slot, Speaker
from sllm.submissions.models import Paper, PaperFile
from sllm.workshops.models import Edition
from tests import factories
from tests.e2e.conftest import log_in
from tests.pdfs import simple_paper_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VENUE_ID = "ICLR.cc/2026/Workshop/SLLM"
SHOTS = Path(os.environ["SHOTS"]) if os.environ.get("SHOTS") else None
DECISIONS = {
    1: ("Pruning at scale", "Accept (Oral)"),
    2: ("Spotlit sparsity", "Accept (Spotlight)"),
    3: ("A poster on 2:4 sparsity", "Accept (Poster)"),
    4: ("Not this time", "Reject"),
    5: ("Invited to the workshop", "Invite to Workshop"),
}


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def standin(settings, tmp_path):
    venue = VenueBuilder(VENUE_ID, seed=26)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    for number, (title, decision) in DECISIONS.items():
        venue.add_submission(
            number=number,
            title=title,
            abstract="Sparse models, measured.",
            authors=[(f"Author {number}", f"~Author_{number}1")],
            track="Main track",
            status="rejected" if decision == "Reject" else "accepted",
            student="Yes" if number == 3 else "No",
        )
        venue.add_decision(number, decision)
        venue.attach(number, simple_paper_bytes(body_pages=3, title=title))
    server = StandIn(fixtures=venue.write(tmp_path / "venue")).start()
    settings.OPENREVIEW_BASEURL = server.url
    settings.OPENREVIEW_USERNAME = PC_EMAIL
    settings.OPENREVIEW_PASSWORD = PC_PASSWORD
    settings.OPENREVIEW_TIMEOUT_S = 5
    settings.OPENREVIEW_FETCH_PDFS = True
    yield server
    server.stop()


def fill_form(page, values: dict) -> None:
    """Fields by their labels (Django writes "Name:"), selects chosen by their visible text or value."""
    for label, value in values.items():
        field = page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_an_edition_runs_from_an_empty_database(page, standin):
    assert (Edition.objects.count(), Paper.objects.count()) == (0, 0)
    factories.UserFactory(email="admin@example.org", full_name="Site Admin", is_staff=True)
    log_in(page, "admin@example.org", factories.PASSWORD)

    # The edition.
    page.goto("/organize/new-edition/")
    _shot(page, "new-edition")
    fill_form(
        page,
        {
            "Name": "Workshop on Sparsity in LLMs 2026",
            "Short name": "SLLM 2026",
            "Slug": "sllm-2026",
            "Start date": "2026-04-27",
            "End date": "2026-04-27",
            "Timezone": "Africa/Lagos",
            "Venue": "Lagos Continental",
            "OpenReview venue id": VENUE_ID,
            "Submission deadline": "2026-02-01T23:59",
        },
    )
    page.get_by_role("button", name="Create edition").click()
    assert page.locator(".messages").inner_text() == "Created Workshop on Sparsity in LLMs 2026; you organize it."

    # The sync, with the PDFs.
    page.get_by_role("link", name="OpenReview sync").click()
    page.get_by_role("button", name="Sync now").click()
    run = SyncRun.objects.get()
    assert (run.status, run.counts["pdfs"]) == ("succeeded", {"created": 4, "updated": 0, "deleted": 0})
    assert sorted(PaperFile.objects.values_list("paper__number", "kind", "within_limit")) == [
        (1, "submission", True),
        (2, "submission", True),
        (3, "submission", True),
        (5, "submission", True),
    ]

    # The decisions: the venue's own option, unknown to the map, made #5 a poster for now (every accepted
    # paper is an oral or a poster, so nothing is undecided); the decision map confirms it.
    page.goto("/organize/sllm-2026/")
    page.get_by_role("link", name="Decisions").click()
    assert page.locator("#undecided li").all_inner_texts() == []
    _shot(page, "decisions")
    page.get_by_role("link", name="Decision map").first.click()
    page.get_by_label("Invite to Workshop").select_option("accepted:poster")
    page.get_by_role("button", name="Save the map").click()
    assert page.locator(".messages").inner_text() == "Decision map saved; 0 paper(s) changed."
    assert list(Paper.objects.order_by("number").values_list("number", "status", "presentation")) == [
        (1, "accepted", "oral"),
        (2, "accepted", "poster"),
        (3, "accepted", "poster"),
        (4, "rejected", ""),
        (5, "accepted", "poster"),
    ]
    _shot(page, "decision-map")

    # A room, a speaker and a session through the pages.
    page.goto("/organize/sllm-2026/program/rooms/")
    fill_form(page, {"Name": "Poster hall", "Capacity": "150", "Livestream link": "https://example.org/live"})
    page.get_by_role("button", name="Add room").click()
    page.goto("/organize/sllm-2026/program/speakers/")
    fill_form(page, {"Name": "Beidi Chen", "Affiliation": "Carnegie Mellon University", "Bio": "Efficient ML."})
    page.get_by_role("button", name="Add speaker").click()
    _shot(page, "speakers")
    page.goto("/organize/sllm-2026/program/sessions/")
    fill_form(page, {"Title": "Poster session 1", "Expected audience": "120"})
    page.get_by_role("button", name="Add session").click()
    _shot(page, "sessions")
    assert (
        list(Room.objects.values_list("name", "capacity")),
        list(Speaker.objects.values_list("name", "affiliation")),
        list(Session.objects.values_list("title", "expected_audience")),
    ) == ([("Poster hall", 150)], [("Beidi Chen", "Carnegie Mellon University")], [("Poster session 1", 120)])

    # The poster slot, the boards, the release.
    page.goto("/organize/sllm-2026/program/")
    fill_form(
        page,
        {
            "Session": "Poster session 1",
            "Kind": "poster",
            "Title": "Poster session 1",
            "Room": "Poster hall",
            "Day": "2026-04-27",
            "Start time": "11:00",
            "End time": "12:00",
            "Poster session": "1",
        },
    )
    page.get_by_role("button", name="Add slot").click()
    assert Slot.objects.get().room.name == "Poster hall"
    page.get_by_role("link", name="Poster boards").click()
    page.get_by_role("button", name="Place posters automatically").click()
    assert page.locator(".messages").inner_text() == "Placed 3 posters on boards."
    page.goto("/organize/sllm-2026/program/")
    page.get_by_role("button", name="Release the draft").click()

    # The public posters page: every poster paper, on its board.
    boards = {b.paper.number: (b.session, b.number) for b in PosterBoard.objects.select_related("paper")}
    assert sorted(boards) == [2, 3, 5]
    shown = []
    for session in sorted({s for s, _ in boards.values()}):  # the posters page shows one session at a time
        page.goto(f"/sllm-2026/posters/session/{session}/")
        shown += page.locator(".poster-card").evaluate_all(
            "cs => cs.map(c => [c.id, c.querySelector('.board-number').textContent, c.querySelector('h3').textContent])"
        )
    assert sorted(shown) == sorted(
        [f"board-{s}-{n}", f"Board {n}", DECISIONS[number][0]] for number, (s, n) in boards.items()
    )
    _shot(page, "public-posters")
