"""Sections and groups that apps register (sllm/core/registry.py) show on the shared pages."""

import pytest

from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_shows_the_submissions_section_and_mail_offers_every_group(
    page, edition, main_track, organizer, tmp_path
):
    factories.PaperFactory(track=main_track, edition=edition, number=1, title="Pruning at scale")
    log_in(page, organizer.email, factories.PASSWORD)

    page.goto(f"/organize/{edition.slug}/")
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    rows = page.locator("section[aria-labelledby=checks-heading] table.data tbody tr td:nth-child(2)").all_inner_texts()
    page.goto(f"/organize/{edition.slug}/mail/compose/")
    page.screenshot(path=tmp_path / "compose.png", full_page=True)
    groups = page.get_by_label("To").locator("option").all_inner_texts()

    # The ops app's health panel (order 5) and the tracks' page limits (order 6) come above submissions' counts and page checks (order 10).
    assert (headings, rows) == (
        ["Platform health", "Page limits", "Submissions per track", "Page checks"],
        ["Pruning at scale"],
    )
    assert groups == [
        "Authors of accepted papers",
        "Reviewers",
        "Mentors",
        "Mentees",
        "Mentors and mentees",
        "Travel grant applicants",
    ]
