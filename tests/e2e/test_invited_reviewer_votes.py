"""From an empty database: sync a venue from the stand-in, invite its people through OpenReview, and
follow one reviewer from the link OpenReview delivered to a verified address and password, a login,
a disclosed conflict and a cast oral ballot. The reviewer's account is the one the sync made."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from sllm.accounts.models import User
from sllm.mail.models import OutboxMessage
from sllm.openreview.models import Invitation
from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Ballot, Conflict, Voter
from sllm.reviewing.votes.services import votes_open_ready
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VENUE_ID = "ICLR.cc/2025/Workshop/SLLM"
SLUG = "sllm-2025"
PASSWORD = "sparse-llamas-prune-42"
SHOTS = Path(os.environ["SHOTS"]) if os.environ.get("SHOTS") else None


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def build_venue() -> VenueBuilder:
    """Papers 1 and 2 are nominated and fully reviewed; paper 3 too, and Grace has a conflict with it."""
    venue = VenueBuilder(VENUE_ID, seed=5)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    grace = venue.add_reviewer("Grace Hopper", "grace@yale.edu")
    alan = venue.add_reviewer("Alan Turing", "alan@manchester.ac.uk")
    emmy = venue.add_reviewer("Emmy Noether", "emmy@goettingen.de")
    kwame = venue.add_reviewer("Kwame Mensah", "kwame@ug.edu.gh")
    titles = {1: "Pruning at scale", 2: "Tiny sparse attention", 3: "Sparse mixtures of experts"}
    for number, title in titles.items():
        venue.add_submission(
            number=number,
            title=title,
            abstract="We prune large language models.",
            authors=[("Ada Lovelace", "~Ada_Lovelace1")],
            track="Main track",
            status="submitted",
        )
    for number in (1, 2):
        for reviewer in (grace, alan, emmy):
            venue.assign(number, reviewer)
            venue.add_review(number, reviewer, rating=8, confidence=4, nominate="Yes")
    venue.assign(3, grace)
    for reviewer in (alan, emmy, kwame):
        venue.assign(3, reviewer)
        venue.add_review(3, reviewer, rating=7, confidence=3, nominate="Yes")
    return venue


@pytest.fixture
def standin(tmp_path, settings):
    server = StandIn(fixtures=build_venue().write(tmp_path / "venue")).start()
    settings.OPENREVIEW_BASEURL = server.url
    settings.OPENREVIEW_USERNAME = PC_EMAIL
    settings.OPENREVIEW_PASSWORD = PC_PASSWORD
    settings.OPENREVIEW_TIMEOUT_S = 5
    yield server
    server.stop()


def recorded_messages(server) -> list[dict]:
    return server.state.messages.list()


def test_an_invited_reviewer_claims_logs_in_discloses_a_conflict_and_votes(page, standin, live_server, settings):
    settings.SITE_URL = live_server.url
    assert User.objects.count() == 0

    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", SLUG, stdout=io.StringIO())
    out = io.StringIO()
    call_command("invite_people", "--workshop", SLUG, stdout=out)

    assert json.loads(out.getvalue()) == {
        "invited": ["~Ada_Lovelace1", "~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1", "~Kwame_Mensah1"],
        "already_invited": [],
        "has_login": [],
        "failed": [],
    }
    synced_id = User.objects.get(openreview_id="~Grace_Hopper1").pk
    message = next(m for m in recorded_messages(standin) if m["groups"] == ["~Grace_Hopper1"])
    claim_link = re.search(r"https?://\S+/claim/\S+", message["message"]).group(0)

    page.goto(claim_link)
    _shot(page, "claim-form")
    page.get_by_label("Your email address").fill("grace@yale.edu")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("status").inner_text() == (
        "We sent a link to grace@yale.edu. Open it to confirm the address; your account is ready as soon as you do."
    )

    verify = OutboxMessage.objects.get(template="claim_verify", to="grace@yale.edu")
    page.goto(re.search(r"https?://\S+/claim/verify/\S+", verify.body).group(0))
    page.get_by_role("button", name="Confirm and log in").click()
    page.wait_for_url(f"**/review/{SLUG}/")
    _shot(page, "claimed-review-home")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "grace@yale.edu", PASSWORD)
    page.goto(f"/review/{SLUG}/")
    assert page.locator(".paper-title").all_inner_texts() == [
        "Pruning at scale",
        "Tiny sparse attention",
        "Sparse mixtures of experts",
    ]
    page.get_by_role("link", name="Sparse mixtures of experts").click()
    page.get_by_label("Why do you have a conflict with this paper?").fill("I co-authored an earlier version.")
    page.get_by_role("button", name="Disclose the conflict").click()
    assert list(Conflict.objects.filter(source="disclosed").values_list("reviewer_id", "paper__number")) == [
        (synced_id, 3)
    ]

    # Every paper has its three reviews: the beat job opens the vote and mails each voter.
    assert len(votes_open_ready()) == 1
    vote_mail = OutboxMessage.objects.filter(template="vote_open").order_by("to")
    assert [(m.to, m.openreview_id, m.status) for m in vote_mail] == [
        ("alan_turing1@openreview.invalid", "~Alan_Turing1", "sent"),
        ("emmy_noether1@openreview.invalid", "~Emmy_Noether1", "sent"),
        ("grace@yale.edu", "", "sent"),
        ("kwame_mensah1@openreview.invalid", "~Kwame_Mensah1", "sent"),
    ]
    assert sorted(m["groups"][0] for m in recorded_messages(standin) if "vote" in m["subject"]) == [
        "~Alan_Turing1",
        "~Emmy_Noether1",
        "~Kwame_Mensah1",
    ]

    page.goto(f"/votes/{SLUG}/orals/")
    assert page.locator(".ballot-row").evaluate_all("rows => rows.map(r => r.dataset.paper)") == ["1", "2"]
    page.get_by_label("Rank of paper #2:").fill("1")
    page.get_by_label("Rank of paper #1:").fill("2")
    _shot(page, "claimed-ballot")
    page.get_by_role("button", name="Cast my ballot").click()
    page.locator("#receipt").wait_for()

    ballot = Ballot.objects.get()
    assert (ballot.ranking, ballot.cannot_rank) == ([[2], [1]], [3])
    assert synced_id in set(Voter.objects.values_list("user_id", flat=True))
    assert Invitation.objects.get(profile_id="~Grace_Hopper1").status == "claimed"
    assert User.objects.get(email="grace@yale.edu").pk == synced_id
