import io

import pytest

from sllm.accounts.demo import DEMO_PASSWORD
from sllm.mentoring import demo
from sllm.mentoring.models import MatchingRun, MatchPair, PairRule
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_runs_adjusts_and_publishes_and_the_mentee_sees_mentor_and_table(page, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025")
    organizer = factories.UserFactory(email="chair@example.org", full_name="Yani Ioannou")
    factories.grant(organizer, edition, "organizer")
    factories.grant(organizer, edition, "mentoring")
    demo.load(edition=edition, stdout=io.StringIO())

    log_in(page, "chair@example.org", factories.PASSWORD)
    page.goto("/organize/sllm-2025/mentoring/")
    page.get_by_role("button", name="Run the matching").click()
    assert page.locator(".message").inner_text() == f"Matching run #{MatchingRun.objects.get().pk}: 20 mentees matched."
    assert page.locator("#unmatched tbody tr").count() == 2

    # Adjust: Katherine Johnson is to meet Sofia Mensah, whatever the affinity says.
    page.get_by_label("Mentee").select_option(label="Katherine Johnson")
    page.get_by_label("Mentor").select_option(label="Sofia Mensah")
    page.get_by_label("Rule").select_option(label="Pinned")
    page.get_by_role("button", name="Add rule").click()
    assert page.locator("#rules tbody tr td").all_inner_texts()[:3] == [
        "Pinned",
        "Katherine Johnson",
        "Sofia Mensah",
    ]
    page.get_by_role("button", name="Run the matching again").click()
    row = page.locator("#pairs tr.pair", has_text="Katherine Johnson")
    assert row.locator("td").nth(1).inner_text() == "Sofia Mensah"
    assert row.locator(".badge").all_inner_texts() == ["priority", "pinned"]
    page.screenshot(path=str(tmp_path / "organize.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish run").click()
    assert page.locator(".message").inner_text().endswith("is published; every participant gets an email.")
    latest = MatchingRun.objects.first()
    assert latest.published_at is not None
    assert list(PairRule.objects.values_list("kind", flat=True)) == ["pin"]

    page.get_by_role("button", name="Log out").click()
    log_in(page, "mentee@sllm.example.org", DEMO_PASSWORD)
    page.goto("/mentoring/sllm-2025/")
    assert page.locator(".match-name").inner_text() == "Sofia Mensah"
    table = MatchPair.objects.get(run=latest, mentee__user__email="mentee@sllm.example.org")
    assert table.mentor.user.email == "s.mensah@mentors.sllm.example.org"
    seat_table = latest.seats.get(user__email="mentee@sllm.example.org").table
    assert page.locator(".lunch-table").inner_text() == f"table {seat_table}"
    assert page.locator(".day dd").first.inner_text() == "Monday 27 April 2026, 09:05–09:40 (Africa/Lagos)"
    page.screenshot(path="/tmp/mentoring-mine.png", full_page=True)
