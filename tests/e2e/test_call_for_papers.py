"""An organizer edits the call's text and dates in the browser; a visitor in Tokyo sees them in their zone."""

import datetime as dt

import pytest

from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_edits_the_call_and_a_visitor_sees_it_in_their_zone(page, browser, live_server, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    factories.TrackFactory(edition=edition, kind="main", submission_deadline=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    organizer = factories.UserFactory(email="organizer@example.org")
    factories.grant(organizer, edition, "organizer")

    visitor = browser.new_context(
        base_url=live_server.url, timezone_id="Asia/Tokyo", viewport={"width": 1100, "height": 900}
    )
    tokyo = visitor.new_page()
    tokyo.goto("/sllm-2025/call-for-papers/")  # the old call, now in the page cache
    assert tokyo.get_by_role("heading", level=1).inner_text() == "Call for papers"

    log_in(page, "organizer@example.org", factories.PASSWORD)
    page.goto("/organize/sllm-2025/call/")
    page.get_by_label("Call (Markdown)").fill(
        "## Sparse call 2026\n\nWe welcome **pruning** work. <script>alert(1)</script>"
    )
    page.get_by_label("Main track: submission deadline").fill("2026-02-01T23:59")
    page.get_by_label("Main track: camera-ready deadline").fill("2026-03-15T12:00")
    page.get_by_role("button", name="Save and publish").click()
    assert page.get_by_label("Main track: submission deadline").input_value() == "2026-02-01T23:59"
    page.screenshot(path=str(tmp_path / "call-edit.png"), full_page=True)

    tokyo.goto("/sllm-2025/call-for-papers/")
    assert tokyo.locator("article.prose h2").inner_text() == "Sparse call 2026"
    assert tokyo.locator("article.prose script").count() == 0
    tokyo.get_by_role("link", name="Use my time zone (Asia/Tokyo)").click()
    assert tokyo.locator("dd.visitor-time").all_inner_texts() == [
        "2 Feb 2026, 07:59 (Asia/Tokyo)",
        "15 Mar 2026, 20:00 (Asia/Tokyo)",
    ]
    assert tokyo.locator("dd.edition-time").all_inner_texts() == [
        "1 Feb 2026, 23:59 (Africa/Lagos)",
        "15 Mar 2026, 12:00 (Africa/Lagos)",
    ]
    tokyo.screenshot(path=str(tmp_path / "call-tokyo.png"), full_page=True)
    visitor.close()
