import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from sllm.reviewing.models import Vote
from sllm.submissions.models import Paper
from tests import factories
from tests.e2e.conftest import log_in
from tests.reviewing.test_votes_world import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


# Screenshots land here when SHOTS is set, so that a person can look at the pages.
SHOTS = Path(os.environ.get("SHOTS", "")) if os.environ.get("SHOTS") else None


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_organizer_opens_three_reviewers_vote_organizer_closes_and_the_tally_reproduces(world, page, tmp_path):
    log_in(page, world.organizer.email, factories.PASSWORD)
    page.goto("/organize/sllm-2025/votes/")
    _shot(page, "dashboard-before")
    page.get_by_label("Reason for opening now").fill("Everything is in; opening by hand for the demo.")
    page.get_by_role("button", name="Open the oral vote").click()
    assert page.locator(".turnout").inner_text() == "Turnout: 0 of 3 voters (0%)"
    _log_out(page)

    # r1 drags: #3 onto a new first rank, then #1 onto that rank (a tie), then #4 onto a new rank below.
    log_in(page, world.r1.email, factories.PASSWORD)
    page.goto("/votes/sllm-2025/orals/")
    page.locator(".ballot-card[data-paper='3']").drag_to(page.locator(".ballot-tier[data-tier='new-0']"))
    page.locator(".ballot-card[data-paper='1']").drag_to(page.locator(".ballot-tier[data-tier='0']"))
    page.locator(".ballot-card[data-paper='4']").drag_to(page.locator(".ballot-tier[data-tier='new-1']"))
    assert [page.get_by_label(f"Rank of paper #{n}:").input_value() for n in (1, 2, 3, 4)] == [
        "1",
        "",
        "1",
        "2",
    ]
    _shot(page, "ballot-dragged")
    page.get_by_role("button", name="Cast my ballot").click()
    receipt = page.locator("#receipt").inner_text()
    _log_out(page)

    # r2 (a conflict with #1, which is not on the ballot) and r3 use the keyboard: rank numbers.
    log_in(page, world.r2.email, factories.PASSWORD)
    page.goto("/votes/sllm-2025/orals/")
    assert page.locator(".ballot-row").evaluate_all("rows => rows.map(r => r.dataset.paper)") == [
        "2",
        "3",
        "4",
    ]
    page.get_by_label("Rank of paper #2:").fill("1")
    page.get_by_label("Rank of paper #3:").fill("2")
    page.get_by_label("Rank of paper #3:").press("Tab")
    _shot(page, "ballot-keyboard")
    page.get_by_role("button", name="Cast my ballot").click()
    page.locator("#receipt").wait_for()
    _log_out(page)
    log_in(page, world.r3.email, factories.PASSWORD)
    page.goto("/votes/sllm-2025/orals/")
    page.get_by_label("Rank of paper #3:").fill("1")
    page.get_by_label("Rank of paper #4:").fill("1")
    page.get_by_label("Rank of paper #1:").fill("2")
    page.get_by_role("button", name="Cast my ballot").click()
    page.locator("#receipt").wait_for()
    _log_out(page)

    log_in(page, world.organizer.email, factories.PASSWORD)
    page.goto("/organize/sllm-2025/votes/")
    assert page.locator(".turnout").inner_text() == "Turnout: 3 of 3 voters (100%)"
    page.get_by_role("button", name="Close the vote and tally").click()
    assert page.locator(".vote-state").first.inner_text() == "CLOSED"
    assert page.locator(".result-tiers li").all_inner_texts() == [
        "#3 Paper 3",
        "#1 Paper 1 tied with #4 Paper 4",
        "#2 Paper 2",
    ]
    _shot(page, "dashboard-result")
    page.get_by_role("link", name="Anonymised ballots").click()
    receipts = page.locator(".anonymised-ballots tbody td:first-child code").all_inner_texts()
    assert receipt in receipts and len(receipts) == 3
    assert "example.org" not in page.content()
    _shot(page, "anonymised-ballots")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download ballots.json").click()
    exported = tmp_path / "ballots.json"
    download.value.save_as(exported)

    out = io.StringIO()
    call_command("tally", str(exported), stdout=out)
    vote = Vote.objects.get()
    assert json.loads(out.getvalue()) == {
        "sllm-2025-orals": {k: vote.result[k] for k in ("ranking", "pairwise", "winners")}
    }
    assert sorted(Paper.objects.filter(presentation="oral").values_list("number", flat=True)) == [1, 2, 3, 4]
